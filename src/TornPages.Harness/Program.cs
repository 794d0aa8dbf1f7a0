namespace TornPages.Harness;

public static class Program
{
    public static int Main(string[] args) => Cli.TornbenchCli.Run(args);
}

using System.Runtime.ExceptionServices;
using TornPages.Storage;

namespace TornPages.Engine.Scheduling;

/// <summary>
/// The engine's one thread of control. Clients are async methods; every continuation runs on the
/// thread that called <see cref="Run"/>, one at a time, in the order it became ready. So engine
/// structures (buffer pool, WAL buffers, heap pages) need no latches, and a client gives up the
/// engine only where it awaits: a row lock, its commit's flush, its share of the CPU.
/// </summary>
public abstract class Scheduler
{
    private readonly Queue<Action> _ready = new();
    private readonly Context _context;

    protected Scheduler() => _context = new Context(this);

    /// <summary>Seconds on this scheduler's clock: simulated time, or the wall clock.</summary>
    public abstract double Now { get; }

    /// <summary>
    /// Completes when the engine has spent <paramref name="seconds"/> of CPU on the caller, one client
    /// at a time (one engine thread is one core). Real CPU needs no charge: on the wall clock this
    /// completes at once.
    /// </summary>
    public abstract ValueTask Cpu(double seconds);

    /// <summary>
    /// Starts device work whose completion the engine does not wait for: <paramref name="work"/> runs
    /// now (on sim) or on an I/O thread (on real files); <paramref name="done"/> runs on the engine
    /// thread when it has completed (at its simulated completion time on sim).
    /// </summary>
    public void StartIo(Action work, Action done)
    {
        // Device work counts under the cause that started it, on whichever thread it runs.
        var cause = IoCauses.Current;
        StartIoCore(() =>
        {
            using var scope = IoCauses.Enter(cause);
            work();
        }, done);
    }

    protected abstract void StartIoCore(Action work, Action done);

    /// <summary>Completes at time <paramref name="time"/> on this scheduler's clock (at once if it has passed).</summary>
    public abstract Task At(double time);

    /// <summary>
    /// Completes at once unless device work has completed or a timer has come due meanwhile; then
    /// the caller continues after them. A client that never has to wait (one client, committing in
    /// place) calls it between transactions, so what it started in the background (a checkpoint's
    /// data sync) still finishes.
    /// </summary>
    public ValueTask Yield()
    {
        if (!PollEvents()) return ValueTask.CompletedTask;
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(resumed.SetResult);
        return new ValueTask(resumed.Task);
    }

    /// <summary>Makes ready, without blocking, what has completed or come due; false when nothing has.</summary>
    protected abstract bool PollEvents();

    /// <summary>Runs each client to completion; returns when all have finished, rethrowing the first failure.</summary>
    public void Run(IReadOnlyList<Func<Task>> clients)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        int running = clients.Count;
        try
        {
            foreach (var client in clients) Enqueue(() => _ = Guarded(client, () => running--));
            while (running > 0)
            {
                if (_ready.TryDequeue(out var step))
                {
                    RunStep(step);
                    // A client that failed may hold what others wait for: stop at its failure.
                    _failure?.Throw();
                }
                else if (!WaitForEvents())
                {
                    throw new InvalidOperationException("every client is waiting and nothing can wake one: the clients deadlocked");
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private ExceptionDispatchInfo? _failure;

    /// <summary>Runs <paramref name="work"/>, keeping its first failure for the run loop to rethrow, and tells <paramref name="finished"/> when it is done.</summary>
    private async Task Guarded(Func<Task> work, Action finished)
    {
        try
        {
            await work();
        }
        catch (Exception e)
        {
            _failure ??= ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            finished();
        }
    }

    /// <summary>Makes <paramref name="step"/> ready; engine thread only.</summary>
    protected virtual void Enqueue(Action step) => _ready.Enqueue(step);

    /// <summary>Runs one ready step (subclasses charge what it did to their clock).</summary>
    protected virtual void RunStep(Action step) => step();

    /// <summary>Blocks until a timer or an I/O completion has made a step ready; false when nothing ever will.</summary>
    protected abstract bool WaitForEvents();

    /// <summary>Posts continuations of the clients' awaits to the ready queue.</summary>
    private sealed class Context(Scheduler scheduler) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => scheduler.Enqueue(() => d(state));

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("the engine thread runs one step at a time; Send would block it");

        public override SynchronizationContext CreateCopy() => this;
    }
}

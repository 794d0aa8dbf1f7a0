using System.Collections.Concurrent;
using System.Diagnostics;

namespace TornPages.Engine.Scheduling;

/// <summary>
/// The wall clock, on real files: device work started with <see cref="StartIo"/> (an fdatasync) runs
/// on an I/O thread while the engine thread runs other clients; its completion comes back to the
/// engine thread through a queue. CPU is real, so nothing is charged for it.
/// </summary>
public sealed class WallScheduler : Scheduler, IDisposable
{
    private readonly BlockingCollection<(Action Work, Action Done)> _io = new();
    private readonly ConcurrentQueue<Action> _completions = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _worker;
    private readonly PriorityQueue<TaskCompletionSource, (double Time, long Seq)> _timers = new();
    private long _timerSeq;
    private int _inFlight;

    public WallScheduler()
    {
        _worker = new Thread(Work) { IsBackground = true, Name = "tornbench-io" };
        _worker.Start();
    }

    public override double Now => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public override ValueTask Cpu(double seconds) => ValueTask.CompletedTask;

    public override Task At(double time)
    {
        if (time <= Now) return Task.CompletedTask;
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _timers.Enqueue(tcs, (time, _timerSeq++));
        return tcs.Task;
    }

    protected override void StartIoCore(Action work, Action done)
    {
        _inFlight++;
        _io.Add((work, done));
    }

    private void Work()
    {
        foreach (var (work, done) in _io.GetConsumingEnumerable())
        {
            Exception? failure = null;
            try
            {
                work();
            }
            catch (Exception e)
            {
                failure = e;
            }
            // A storage error is fatal to the run: it surfaces on the engine thread.
            _completions.Enqueue(failure == null ? done : () => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure));
            _signal.Release();
        }
    }

    protected override bool WaitForEvents()
    {
        if (_inFlight == 0 && _completions.IsEmpty && _timers.Count == 0) return false;
        if (_timers.TryPeek(out _, out var next))
        {
            // Sleep until the next timer unless an I/O completion comes first.
            int ms = (int)Math.Ceiling(Math.Max(0, next.Time - Now) * 1000);
            if (!_signal.Wait(ms))
            {
                while (_timers.TryPeek(out var due, out var at) && at.Time <= Now)
                {
                    _timers.Dequeue();
                    due.SetResult();
                }
                return true;
            }
        }
        else
        {
            _signal.Wait();
        }
        if (_completions.TryDequeue(out var done))
        {
            _inFlight--;
            Enqueue(done);
        }
        return true;
    }

    protected override bool PollEvents()
    {
        bool any = false;
        while (_completions.TryDequeue(out var done))
        {
            // Its signal may not be released yet: then WaitForEvents later wakes once for nothing.
            _signal.Wait(0);
            _inFlight--;
            Enqueue(done);
            any = true;
        }
        while (_timers.TryPeek(out var due, out var at) && at.Time <= Now)
        {
            _timers.Dequeue();
            due.SetResult();
            any = true;
        }
        return any;
    }

    public void Dispose()
    {
        _io.CompleteAdding();
        _worker.Join();
        _io.Dispose();
        _signal.Dispose();
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

#if os(Linux)
/// glibc's `sched_getaffinity` (a GNU extension the Glibc module does not export).
@_silgen_name("sched_getaffinity")
private func flx_sched_getaffinity(_ pid: Int32, _ size: Int, _ mask: UnsafeMutableRawPointer?) -> Int32
#endif

/// The engine's threads under `--threads N`: one pool runs both the matrix products
/// (each split into row or column blocks, OpenBLAS itself kept to one thread) and the element
/// loops of convolution, pooling and broadcasting. With OpenBLAS threading its own
/// products, its workers spun on `sched_yield` between them and took the second core
/// from every other loop; one pool shares the cores between all of the work.
///
/// Work is split into pieces that threads claim one at a time, so a worker the system
/// has descheduled (the machine is shared) delays nothing: the caller takes the pieces.
/// Every piece writes its own part of the result, computed exactly as the one-thread
/// loop would, so results do not depend on the thread count.
public enum Parallel {
    /// Threads taking part, the caller's included (1: everything runs inline).
    public static var threads: Int { Pool.shared.size }

    /// Sets the thread count; workers start on the first parallel loop that needs them.
    /// (Tests ask for more threads than cores to exercise the split; the command line
    /// caps `--threads` at `availableCPUs`.)
    public static func setThreads(_ n: Int) { Pool.shared.resize(Swift.max(1, n)) }

    /// The CPUs this process may run on, at most 64: the default thread count.
    public static var availableCPUs: Int { Pool.onlineCPUs }

    /// Elements a piece of an element loop must touch to be worth handing to a thread.
    static let elementGrain = 16_384

    /// `forEach` for loops whose items each touch `elementsPerItem` elements: pieces of
    /// at least `elementGrain` elements (and `minimumItems` items).
    static func forEach(_ count: Int, elementsPerItem: Int, minimumItems: Int = 1, _ body: (Range<Int>) -> Void) {
        forEach(count, grain: Swift.max(minimumItems, elementGrain / Swift.max(elementsPerItem, 1)), body)
    }

    /// Runs `body` over `0..<count` in pieces of at least `grain` items, on the caller's
    /// thread and the workers; returns when every piece has run. Below two pieces, or
    /// with one thread, `body(0..<count)` runs inline.
    /// `maxPieces` caps the split (a matrix product re-packs an operand per piece).
    public static func forEach(_ count: Int, grain: Int, maxPieces: Int? = nil, _ body: (Range<Int>) -> Void) {
        let size = threads
        let pieces = size <= 1 ? 1 : Swift.min(count / Swift.max(grain, 1), maxPieces ?? size * 4)
        guard pieces >= 2 else {
            if count > 0 { body(0..<count) }
            return
        }
        // The job reaches the body through a pointer, never a reference of its own: once
        // every piece has run no thread holds the closure, so it has not escaped.
        withoutActuallyEscaping(body) { escaping in
            withUnsafePointer(to: escaping) { pointer in
                Pool.shared.run(Job(count: count, pieces: pieces, body: UnsafeRawPointer(pointer)))
            }
        }
    }
}

/// One parallel loop: pieces claimed through an atomic counter. A worker that wakes
/// after the last piece was claimed finds nothing to do and never touches the body.
private final class Job: @unchecked Sendable {
    typealias Body = (Range<Int>) -> Void
    let count: Int, pieces: Int
    private let body: UnsafeRawPointer
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)

    init(count: Int, pieces: Int, body: UnsafeRawPointer) {
        self.count = count; self.pieces = pieces; self.body = body
    }

    /// Claims and runs pieces until none is left.
    func work() {
        while true {
            let p = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if p >= pieces { return }
            run(p)
            finished.wrappingAdd(1, ordering: .releasing)
        }
    }

    /// A function of its own, so any copy of the closure is released before the piece counts as finished.
    @inline(never)
    private func run(_ p: Int) {
        body.assumingMemoryBound(to: Body.self).pointee(range(p))
    }

    var isDone: Bool { finished.load(ordering: .acquiring) == pieces }

    private func range(_ p: Int) -> Range<Int> {
        // Even split; the first `count % pieces` pieces take one item more.
        let base = count / pieces, extra = count % pieces
        let lo = p * base + Swift.min(p, extra)
        return lo..<(lo + base + (p < extra ? 1 : 0))
    }
}

/// Worker threads that spin briefly for the next job (a training step issues one every
/// few microseconds) and then sleep on a condition variable.
private final class Pool: @unchecked Sendable {
    static let shared = Pool()

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Bumped for every job; workers watch it.
    private let generation = Atomic<Int>(0)
    // `current` is guarded by `lock`; `started` belongs to the thread holding `busy`.
    private var current: Job? = nil
    private var started = 0
    private let requested = Atomic<Int>(Pool.onlineCPUs)
    /// Set while a job owns the workers: a job from a second thread, or from inside a
    /// piece, runs inline instead of replacing the first (a flag, not a lock, so the
    /// owning thread asking again is just refused).
    private let busy = Atomic<Bool>(false)

    var size: Int { requested.load(ordering: .relaxed) }

    /// The CPUs this process may run on (its affinity mask, e.g. under `taskset`, else
    /// those online), at most 64.
    static var onlineCPUs: Int {
        var online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #if os(Linux)
        // A mask of 1024 CPUs, glibc's cpu_set_t.
        var mask = [UInt8](repeating: 0, count: 128)
        if mask.withUnsafeMutableBytes({ flx_sched_getaffinity(0, $0.count, $0.baseAddress) }) == 0 {
            let allowed = mask.reduce(0) { $0 + $1.nonzeroBitCount }
            if allowed > 0 { online = Swift.min(online, allowed) }
        }
        #endif
        return Swift.max(1, Swift.min(online, 64))
    }

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
    }

    func resize(_ n: Int) { requested.store(n, ordering: .relaxed) }

    /// Runs the job with the workers; inline when another job holds them (a parallel
    /// loop inside a piece, or a second calling thread).
    func run(_ job: Job) {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            job.work()
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        do {
            startWorkers(size - 1)
            pthread_mutex_lock(lock)
            current = job
            generation.wrappingAdd(1, ordering: .releasing)
            pthread_cond_broadcast(wake)
            pthread_mutex_unlock(lock)
            job.work()
            // Only pieces a worker has claimed remain; they are running now.
            var spins = 0
            while !job.isDone {
                spins += 1
                if spins > 1000 { sched_yield() }
            }
            pthread_mutex_lock(lock)
            if current === job { current = nil }
            pthread_mutex_unlock(lock)
        }
    }

    private func startWorkers(_ n: Int) {
        while started < n {
            started += 1
            var thread = pthread_t()
            let context = Unmanaged.passUnretained(self).toOpaque()
            let made = pthread_create(&thread, nil, { context in
                guard let context else { return nil }
                Unmanaged<Pool>.fromOpaque(context).takeUnretainedValue().workerLoop()
                return nil
            }, context)
            if made != 0 { started -= 1; return }
            pthread_detach(thread)
        }
    }

    private static func now() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1_000_000_000 + t.tv_nsec
    }

    private func workerLoop() {
        var seen = generation.load(ordering: .acquiring)
        while true {
            // Spin up to 100 µs before sleeping: the next job usually comes sooner.
            let deadline = Self.now() + 100_000
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins &+= 1
                if spins & 255 == 0 && Self.now() > deadline { break }
            }
            pthread_mutex_lock(lock)
            while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, lock) }
            seen = generation.load(ordering: .acquiring)
            let job = current
            pthread_mutex_unlock(lock)
            job?.work()
        }
    }
}

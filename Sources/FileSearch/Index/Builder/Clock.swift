#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic time stamps.
struct Clock {
    let nanos: UInt64
    static var now: Clock {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Clock(nanos: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }
    var secondsSince: Double { Double(Clock.now.nanos - nanos) / 1e9 }
}

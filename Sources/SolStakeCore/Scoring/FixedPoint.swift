import Foundation

/// `String(format: "%.Nf", x)` without the formatter: reason texts print 8-12 numbers per validator, and at 100,000
/// validators the C formatter (varargs boxing, a format string parsed per call) was ~3% of a fetch + score cycle.
///
/// Exact, like glibc's printf: the double's binary value `m × 2^k` is scaled by `10^places` in integer arithmetic and
/// rounded half to even on the exact remainder (no floating-point step), negative values keep their sign even when they
/// round to zero (`-0.00`). Values it does not cover (non-finite, |x| ≥ 10^15, more than 3 places) go to the formatter.
public enum FixedPoint {
    public static func format(_ x: Double, places: Int) -> String {
        guard x.isFinite, (0...3).contains(places), x.magnitude < 1e15 else { return String(format: "%.\(places)f", x) }
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        // |x| = m × 2^k exactly.
        let biased = Int(x.exponentBitPattern)
        let m = biased == 0 ? x.significandBitPattern : x.significandBitPattern | (1 << 52)
        let k = biased == 0 ? -1074 : biased - 1075
        var rounded: UInt64
        if k >= 0 {
            rounded = (m << UInt64(k)) * scale  // < 10^15 × 10^3
        } else {
            let product = m * scale  // < 2^53 × 2^10
            let n = -k
            if n >= 64 {
                rounded = 0  // product / 2^n < 2^63 / 2^64: below one half
            } else {
                rounded = product >> UInt64(n)
                let remainder = product & ((1 << UInt64(n)) - 1)
                let half: UInt64 = 1 << UInt64(n - 1)
                if remainder > half || (remainder == half && rounded & 1 == 1) { rounded += 1 }
            }
        }
        var text = x.sign == .minus ? "-" : ""
        text += String(rounded / scale)
        if places > 0 {
            let fraction = String(rounded % scale)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }
}

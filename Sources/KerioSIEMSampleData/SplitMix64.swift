/// The SplitMix64 pseudo-random generator (Steele, Lea and Flood, 2014): 64 bits of state, one add and three
/// xor-shift-multiplies per number.
///
/// Chosen for ``SampleLogGenerator`` because it is tiny, fast, passes BigCrush, and — unlike the standard library's
/// `SystemRandomNumberGenerator` — is reproducible from a seed on every platform, so a seed names one exact log.
///
/// ```swift
/// var random = SplitMix64(seed: 1)
/// let dice = random.next(below: 6) + 1
/// ```
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (Lemire's multiply-shift; the tiny bias of skipping the rejection step does not matter
    /// for sample data and keeps one draw per call, so sequences stay stable).
    @inline(__always)
    mutating func next(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    @inline(__always)
    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.count)
    }

    /// `true` with probability `probability` (0…1).
    @inline(__always)
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < probability
    }

    /// An index into `weights`, each chosen with probability proportional to its weight.
    mutating func pick(weights: some Collection<Int>) -> Int {
        var roll = next(below: weights.reduce(0, +))
        var index = 0
        for weight in weights {
            if roll < weight { return index }
            roll -= weight
            index += 1
        }
        return index - 1
    }
}

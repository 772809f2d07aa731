import CFlxKernels
#if canImport(Glibc)
import Glibc
#endif

/// Which of OpenBLAS's kernel sets runs the products. OpenBLAS picks one from its own
/// table of CPU models when it loads, and a CPU newer than the table (Debian's 0.3.21 on a
/// recent Xeon) falls back to its SSE3 `Prescott` kernels, several times slower. So before
/// it loads, unless the user set `OPENBLAS_CORETYPE`, flx names the kernel set from what
/// the CPU can do: AVX-512 (F, BW, DQ, VL) → SkylakeX, AVX2 with FMA → Haswell (Zen on
/// AMD, whose kernels are those tuned for it); anything older is left to OpenBLAS.
public enum BLASKernelChoice {
    public enum Source: Sendable, Equatable {
        /// The user's `OPENBLAS_CORETYPE`.
        case user
        /// flx's choice from the CPU's features (named in the text).
        case cpuFeatures(String)
        /// OpenBLAS's own detection.
        case library
    }

    public struct Decision: Sendable, Equatable {
        /// What to set `OPENBLAS_CORETYPE` to (nil: leave it).
        public let coreType: String?
        public let source: Source
    }

    /// The decision for a CPU with `features` (`flx_cpu_features` bits) and the user's
    /// `OPENBLAS_CORETYPE` (nil when unset or empty).
    public static func decide(features: UInt32, userSetting: String?) -> Decision {
        if let userSetting, !userSetting.isEmpty { return Decision(coreType: nil, source: .user) }
        let avx512 = UInt32(FLX_CPU_AVX512F | FLX_CPU_AVX512BW | FLX_CPU_AVX512DQ | FLX_CPU_AVX512VL)
        let avx2 = UInt32(FLX_CPU_AVX2 | FLX_CPU_FMA)
        if features & avx512 == avx512 { return Decision(coreType: "SkylakeX", source: .cpuFeatures("AVX-512")) }
        if features & avx2 == avx2 {
            let amd = features & UInt32(FLX_CPU_AMD) != 0
            return Decision(coreType: amd ? "Zen" : "Haswell", source: .cpuFeatures("AVX2, FMA"))
        }
        return Decision(coreType: nil, source: .library)
    }

    /// This process's decision, made once before OpenBLAS is opened.
    static let current: Decision = {
        let user = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        return decide(features: UInt32(flx_cpu_features()), userSetting: user)
    }()

    /// How the kernel set in use was chosen, for `versioninfo()`.
    public static var explanation: String {
        switch current.source {
        case .user: return "set by OPENBLAS_CORETYPE"
        case .cpuFeatures(let features): return "chosen by flx for \(features)"
        case .library: return "OpenBLAS's own choice"
        }
    }
}

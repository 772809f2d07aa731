import Testing
import CFlxKernels
@testable import FlxEngine

/// The kernel set OpenBLAS runs: flx names it from the CPU's features before OpenBLAS
/// loads, so a CPU missing from OpenBLAS's table never falls back to the SSE3 kernels.
struct BLASKernelChoiceTests {
    private static let avx2 = UInt32(FLX_CPU_AVX2 | FLX_CPU_FMA)
    private static let avx512 = avx2 | UInt32(FLX_CPU_AVX512F | FLX_CPU_AVX512BW | FLX_CPU_AVX512DQ | FLX_CPU_AVX512VL)

    @Test func featuresNameTheKernelSet() {
        #expect(BLASKernelChoice.decide(features: Self.avx512, userSetting: nil).coreType == "SkylakeX")
        #expect(BLASKernelChoice.decide(features: Self.avx2, userSetting: nil).coreType == "Haswell")
        #expect(BLASKernelChoice.decide(features: Self.avx2 | UInt32(FLX_CPU_AMD), userSetting: nil).coreType == "Zen")
        // AVX-512F alone (no BW/DQ/VL) is not SkylakeX's instruction set.
        #expect(BLASKernelChoice.decide(features: Self.avx2 | UInt32(FLX_CPU_AVX512F), userSetting: nil).coreType == "Haswell")
        // AVX2 without FMA, or older: OpenBLAS decides.
        let old = BLASKernelChoice.decide(features: UInt32(FLX_CPU_AVX2), userSetting: nil)
        #expect(old.coreType == nil && old.source == .library)
    }

    @Test func theUsersSettingWins() {
        let d = BLASKernelChoice.decide(features: Self.avx512, userSetting: "Haswell")
        #expect(d.coreType == nil && d.source == .user)
        #expect(BLASKernelChoice.decide(features: Self.avx2, userSetting: "").coreType == "Haswell")
    }

    /// On this machine: an AVX2 CPU runs the kernel set flx chose, not Prescott's.
    @Test func anAVX2MachineRunsItsKernels() {
        let features = UInt32(flx_cpu_features())
        guard features & Self.avx2 == Self.avx2, BLAS.isAvailable,
              let chosen = BLASKernelChoice.current.coreType else { return }
        #expect(BLAS.coreName.lowercased() == chosen.lowercased(), "OpenBLAS runs \(BLAS.coreName), flx chose \(chosen)")
        #expect(!["prescott", "core2", "nehalem", "sandybridge", "atom", "katmai"].contains(BLAS.coreName.lowercased()))
    }
}

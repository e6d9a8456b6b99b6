//! AMX generators (Intel Sapphire Rapids and later: `tdpbf16ps` on 16×64-byte tiles) and the
//! one piece of OS plumbing AMX needs: Linux keeps the 8 KiB tile-data state off until a
//! process asks for it with `arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)`; a tile
//! instruction before that raises SIGILL. [`request_xtiledata`] asks once per process and
//! reports a refusal as an error, so a caller can fall back to the `vdpbf16ps` tiles with a
//! message instead of crashing.
//!
//! Nothing here runs on a CPU without AMX-BF16: generation only produces bytes (listable
//! with [`gemm_bf16::dump`] anywhere), and [`request_xtiledata`] checks the CPU first.

#[cfg(feature = "asm")]
pub mod gemm_bf16;
pub mod tile;

use crate::error::{KernelError, Result};
use std::sync::OnceLock;

/// `arch_prctl` code asking for permission to use an extended state component.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
const ARCH_REQ_XCOMP_PERM: libc::c_long = 0x1023;
/// The XSAVE component number of AMX tile data.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
const XFEATURE_XTILEDATA: libc::c_long = 18;

/// Asks Linux (once per process) for the AMX tile-data state. Errors without AMX-BF16
/// ([`KernelError::MissingCpuFeature`]) or when the kernel refuses
/// ([`KernelError::TilePermission`], with the OS error: kernels before 5.16 lack the call).
pub fn request_xtiledata() -> Result<()> {
    if !crate::CpuFeatures::detect().amx_bf16 {
        return Err(KernelError::MissingCpuFeature { kernel: "amx bf16 gemm", feature: "amx_bf16" });
    }
    static GRANTED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    GRANTED.get_or_init(ask).clone().map_err(|reason| KernelError::TilePermission { reason })
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
#[expect(unsafe_code, reason = "the arch_prctl system call has no safe wrapper")]
fn ask() -> std::result::Result<(), String> {
    // SAFETY: ARCH_REQ_XCOMP_PERM takes a component number and touches no user memory.
    let rc = unsafe { libc::syscall(libc::SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) };
    if rc == 0 {
        Ok(())
    } else {
        Err(format!("arch_prctl(ARCH_REQ_XCOMP_PERM, XTILEDATA): {}", std::io::Error::last_os_error()))
    }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
fn ask() -> std::result::Result<(), String> {
    Err("AMX tile permission is only requested on x86-64 Linux".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_is_an_error_not_a_crash_without_amx() {
        match request_xtiledata() {
            Ok(()) => assert!(crate::CpuFeatures::detect().amx_bf16),
            Err(e) => {
                eprintln!("AMX not usable here: {e}");
                if !crate::CpuFeatures::detect().amx_bf16 {
                    assert!(matches!(e, KernelError::MissingCpuFeature { .. }), "{e}");
                }
            }
        }
    }
}

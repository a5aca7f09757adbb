// SPDX-License-Identifier: Apache-2.0
// The device pass of the conductance models (pcm, hermes): programming, drift exponents, drift
// and 1/f read noise of one tile column, for both drift semantics (device_pair and aihwkit's
// inference_tile). Cloned for AVX2 and baseline x86-64 like the other hot loops
// (fast_kernels.cpp); both clones give bit-identical results.
#include "tiles/physics/fast_kernels.hpp"

#include "tiles/physics/fast_clones.hpp"
#include "tiles/physics/fast_math.hpp"

namespace aimcsim::physics::fast {
namespace {

// Drift-exponent mean and std and 1/f amplitude per model kind (docs/device-models.md).
template <int Kind>
AIMCSIM_INLINE float nu_mean(float r, float lr) noexcept {
  if constexpr (Kind == 0) {
    return fmin(fmax(-0.0155F * lr + 0.0244F, 0.049F), 0.1F);
  } else {
    const float lo = fmin(fmax(-0.0387F * lr - 0.0182F, 0.0720F), 0.13F);
    const float hi = -0.0436F * r * r - 0.0126F * r + 0.0736F;
    return r < 0.0945F ? lo : hi;
  }
}
template <int Kind>
AIMCSIM_INLINE float nu_std(float r, float lr) noexcept {
  if constexpr (Kind == 0) {
    return fmin(fmax(-0.0125F * lr - 0.0059F, 0.008F), 0.045F);
  } else if constexpr (Kind == 1) {
    const float lo = fmin(fmax(-0.0120F * lr - 0.0023F, 0.0124F), 0.04F);
    const float hi = -0.0165F * r * r + 0.0116F * r + 0.0104F;
    return r < 0.3039F ? lo : hi;
  } else {
    const float lo = fmin(fmax(-0.0117F * lr - 0.0057F, 0.0091F), 0.04F);
    const float hi = -0.0118F * r * r + 0.0093F * r + 0.0073F;
    return r < 0.3055F ? lo : hi;
  }
}
template <int Kind>
AIMCSIM_INLINE float read_q_s(float r) noexcept {
  if constexpr (Kind == 0) {
    // min(0.2, 0.0088 / max(1e-3, r^0.65)); already 0.2 for r <= 0.008.
    return fmin(0.2F, 0.0088F / fmax(1e-3F, exp(0.65F * log(r))));
  } else if constexpr (Kind == 1) {
    const float lo = fmin(fmax(-0.0078F * log(fmax(r, 1e-7F)) + 0.0038F, 0.0179F), 0.04F);
    const float hi = ((0.0664F * r - 0.1352F) * r + 0.0768F) * r + 0.0088F;
    return r < 0.1591F ? lo : hi;
  } else {
    const float lo = fmin(fmax(-0.0117F * log(fmax(r, 1e-7F)) - 0.0069F, 0.015F), 0.04F);
    const float hi = ((0.0069F * r - 0.0280F) * r + 0.0211F) * r + 0.0123F;
    return r < 0.16F ? lo : hi;
  }
}

/// Scalars of the device pass, loaded once per column.
struct DeviceScalars {
  float g_max, c0, c1, c2, c3, ref, pns, rns, ds, ldr, rsl;
  explicit DeviceScalars(const ConductanceParams& p) noexcept
      : g_max(p.g_max), c0(p.prog_coeff[0]), c1(p.prog_coeff[1]), c2(p.prog_coeff[2]),
        c3(p.prog_coeff[3]), ref(p.prog_ref_ratio), pns(p.prog_noise_scale),
        rns(p.read_noise_scale), ds(p.drift_scale), ldr(p.log_drift_ratio),
        rsl(p.read_sqrt_log) {}
};

/// Programming of the devices of sign h (0: '+', 1: '-'): g_target and g_prog.
template <int Kind>
AIMCSIM_INLINE void program_half(const DeviceScalars& d, const ConductanceColumn& col,
                                 std::size_t h) noexcept {
  const std::size_t n = col.n;
  const float sign = h == 0 ? 1.0F : -1.0F;
  const float to_g = col.to_g;
  const float* __restrict w = col.w;
  const float* __restrict zp = col.z_prog + h * n;
  float* __restrict gt_out = col.g_target + h * n;
  float* __restrict gp_out = col.g_prog + h * n;
  for (std::size_t i = 0; i < n; ++i) {
    // Programming: g_target + scale * sigma(r) * z, clipped at 0.
    const float gt = fmax(sign * w[i], 0.0F) * to_g;
    const float r = gt / d.g_max;
    const float sigma = (((d.c3 * r + d.c2) * r + d.c1) * r + d.c0) * d.ref;
    gt_out[i] = gt;
    gp_out[i] = fmax(0.0F, gt + d.pns * sigma * zp[i]);
  }
}

/// Drift exponents of the devices of sign h, from their targets.
template <int Kind>
AIMCSIM_INLINE void nu_half(const DeviceScalars& d, const ConductanceColumn& col,
                            std::size_t h) noexcept {
  const std::size_t n = col.n;
  const float* __restrict zn = col.z_nu + h * n;
  const float* __restrict gt_in = col.g_target + h * n;
  float* __restrict nu_out = col.nu + h * n;
  for (std::size_t i = 0; i < n; ++i) {
    // r clipped at 1e-7 as aihwkit _ZERO_CLIP.
    const float rc = fmax(gt_in[i] / d.g_max, 1e-7F);
    const float lr = log(rc);
    nu_out[i] = fabs(nu_mean<Kind>(rc, lr) + nu_std<Kind>(rc, lr) * zn[i]) * d.ds;
  }
}

/// w = (g+ - g-) * to_w for n device pairs.
AIMCSIM_INLINE void pair_weights(const float* __restrict g_plus, const float* __restrict g_minus,
                                 float to_w, float* __restrict w, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = (g_plus[i] - g_minus[i]) * to_w;
  }
}

/// w_prog = (g+_prog - g-_prog) * to_w.
AIMCSIM_INLINE void programmed_weights(const ConductanceColumn& col) noexcept {
  pair_weights(col.g_prog, col.g_prog + col.n, col.to_w, col.w_prog, col.n);
}

/// A device of programmed conductance g (>= 0) [uS] at t_inference: drifted with exponent nu,
/// plus the accumulated 1/f read noise (standard normal z), clipped at 0.
template <int Kind>
AIMCSIM_INLINE float drifted_conductance(const DeviceScalars& d, float g, float nu,
                                         float z) noexcept {
  const float g_drift = g * exp(-nu * d.ldr);
  const float q_s = read_q_s<Kind>(fabs(g) / d.g_max);
  const float sig = d.rns * q_s * d.rsl;
  return fmax(0.0F, g_drift + fabs(g_drift) * sig * z);
}

/// Device-pair semantics: both devices of every pair drift with their own nu and get their
/// own read noise.
template <int Kind>
AIMCSIM_INLINE void conductance_body(const ConductanceParams& p,
                                     const ConductanceColumn& col) noexcept {
  const DeviceScalars d(p);
  const std::size_t n = col.n;
  for (std::size_t h = 0; h < 2; ++h) {
    // Three simple loops (each vectorises; one fused loop defeats GCC's if-conversion).
    program_half<Kind>(d, col, h);
    nu_half<Kind>(d, col, h);
    const float* __restrict zr = col.z_read + h * n;
    const float* __restrict gp_in = col.g_prog + h * n;
    float* __restrict nu_out = col.nu + h * n;
    float* __restrict g_out = col.g + h * n;
    for (std::size_t i = 0; i < n; ++i) {
      // Drift and accumulated 1/f read noise at t_inference (fast exp(0) is exactly 1, so
      // t_inference = 0 leaves g_prog unchanged). Devices at 0 uS neither drift nor get noise.
      const float gp = gp_in[i];
      const float g_t = drifted_conductance<Kind>(d, gp, nu_out[i], zr[i]);
      const bool on = gp > 0.0F;
      g_out[i] = on ? g_t : 0.0F;
      nu_out[i] = on ? nu_out[i] : 0.0F;
    }
  }
  programmed_weights(col);
  pair_weights(col.g, col.g + n, col.to_w, col.w_eff, n);
}

/// aihwkit InferenceTile semantics (BaseNoiseModel.apply_drift_noise): the programmed weights
/// are converted to conductances again, g = |w_prog| * g_max / max|w_prog|, on the device of
/// their sign (the other is 0 uS and stays there); that device drifts with the nu drawn for
/// it at programming and gets read noise with Q_s of g / g_max.
template <int Kind>
AIMCSIM_INLINE void inference_tile_body(const ConductanceParams& p,
                                        const ConductanceColumn& col) noexcept {
  const DeviceScalars d(p);
  const std::size_t n = col.n;
  for (std::size_t h = 0; h < 2; ++h) {
    program_half<Kind>(d, col, h);
    nu_half<Kind>(d, col, h);
  }
  programmed_weights(col);
  const float* __restrict w_prog = col.w_prog;
  float prog_max = col.prog_max;
  if (!(prog_max > 0.0F)) {
    prog_max = 0.0F;
    for (std::size_t i = 0; i < n; ++i) {
      prog_max = fmax(prog_max, fabs(w_prog[i]));
    }
  }
  const float to_g = prog_max > 0.0F ? d.g_max / prog_max : 0.0F;
  const float to_w = prog_max > 0.0F ? prog_max / d.g_max : 0.0F;
  const float* __restrict nu_plus = col.nu;
  const float* __restrict nu_minus = col.nu + n;
  const float* __restrict zr_plus = col.z_read;
  const float* __restrict zr_minus = col.z_read + n;
  float* __restrict g_plus = col.g;
  float* __restrict g_minus = col.g + n;
  float* __restrict w_eff = col.w_eff;
  for (std::size_t i = 0; i < n; ++i) {
    const float wp = w_prog[i];
    const bool pos = wp > 0.0F;
    const float g = fabs(wp) * to_g;
    const float nu = pos ? nu_plus[i] : nu_minus[i];
    const float z = pos ? zr_plus[i] : zr_minus[i];
    const float g_t = drifted_conductance<Kind>(d, g, nu, z);
    const float g_on = g > 0.0F ? g_t : 0.0F;
    g_plus[i] = pos ? g_on : 0.0F;
    g_minus[i] = pos ? 0.0F : g_on;
    w_eff[i] = (pos ? g_on : -g_on) * to_w;
  }
  // The exponent in use per device (0 where the device is at 0 uS), for the snapshot.
  float* __restrict nu_p = col.nu;
  float* __restrict nu_m = col.nu + n;
  for (std::size_t i = 0; i < n; ++i) {
    nu_p[i] = g_plus[i] > 0.0F ? nu_p[i] : 0.0F;
    nu_m[i] = g_minus[i] > 0.0F ? nu_m[i] : 0.0F;
  }
}

/// Programming only (g_target, g_prog, w_prog of the column).
template <int Kind>
AIMCSIM_INLINE void program_body(const ConductanceParams& p,
                                 const ConductanceColumn& col) noexcept {
  const DeviceScalars d(p);
  program_half<Kind>(d, col, 0);
  program_half<Kind>(d, col, 1);
  programmed_weights(col);
}

AIMCSIM_CLONES void conductance_pcm(const ConductanceParams& p,
                                    const ConductanceColumn& col) noexcept {
  conductance_body<0>(p, col);
}
AIMCSIM_CLONES void conductance_hermes1(const ConductanceParams& p,
                                        const ConductanceColumn& col) noexcept {
  conductance_body<1>(p, col);
}
AIMCSIM_CLONES void conductance_hermes2(const ConductanceParams& p,
                                        const ConductanceColumn& col) noexcept {
  conductance_body<2>(p, col);
}
AIMCSIM_CLONES void inference_tile_pcm(const ConductanceParams& p,
                                       const ConductanceColumn& col) noexcept {
  inference_tile_body<0>(p, col);
}
AIMCSIM_CLONES void inference_tile_hermes1(const ConductanceParams& p,
                                           const ConductanceColumn& col) noexcept {
  inference_tile_body<1>(p, col);
}
AIMCSIM_CLONES void inference_tile_hermes2(const ConductanceParams& p,
                                           const ConductanceColumn& col) noexcept {
  inference_tile_body<2>(p, col);
}
AIMCSIM_CLONES void program_conductances(const ConductanceParams& p,
                                         const ConductanceColumn& col) noexcept {
  // The programming polynomial is the same code for every kind (coefficients in p).
  program_body<0>(p, col);
}

}  // namespace

void conductance_column(const ConductanceParams& p, const ConductanceColumn& col) noexcept {
  switch (p.kind) {
  case 0:
    conductance_pcm(p, col);
    break;
  case 1:
    conductance_hermes1(p, col);
    break;
  default:
    conductance_hermes2(p, col);
    break;
  }
}

void conductance_column_inference_tile(const ConductanceParams& p,
                                       const ConductanceColumn& col) noexcept {
  switch (p.kind) {
  case 0:
    inference_tile_pcm(p, col);
    break;
  case 1:
    inference_tile_hermes1(p, col);
    break;
  default:
    inference_tile_hermes2(p, col);
    break;
  }
}

void conductance_program_column(const ConductanceParams& p,
                                const ConductanceColumn& col) noexcept {
  program_conductances(p, col);
}

}  // namespace aimcsim::physics::fast

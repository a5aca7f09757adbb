// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// AIMCSIM_CLONES: compile a hot loop for AVX2 and baseline x86-64 and pick one at load time
/// (GCC target_clones). Both clones give bit-identical results (-ffp-contract=off, IEEE
/// operations only); -DAIMCSIM_NO_CLONES builds the baseline alone to check that.

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(AIMCSIM_NO_CLONES)
#define AIMCSIM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define AIMCSIM_CLONES
#endif

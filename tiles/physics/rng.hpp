// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Deterministic random streams for the device physics.
///
/// Every noise source of every tile draws from its own stream, keyed by
/// (seed, tile index, noise-source id [, extra key]) through splitmix64 hashing, so results
/// never depend on how tiles are spread over threads. Streams are never shared across threads.

#include <cstdint>
#include <cstring>
#include <limits>

#include <boost/random/normal_distribution.hpp>

namespace aimcsim::physics {

/// splitmix64 finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

/// Derives a child seed from a parent seed and a key (tile index, noise-source id, ...).
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t key) noexcept {
  return splitmix64(splitmix64(parent) ^ (key * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL));
}

/// Bit pattern of a double, to key a stream by a time value.
inline std::uint64_t double_bits(double value) noexcept {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

/// Noise-source identifiers used to key the per-tile streams.
enum class NoiseSource : std::uint64_t {
  programming = 1,     ///< programming error (device, static)
  drift_nu = 2,        ///< drift exponent nu (device, static)
  read_noise = 3,      ///< accumulated 1/f read noise at t_inference (keyed by t)
  ref_readout = 4,     ///< output noise of the drift-compensation reference readout
  drift_readout = 5,   ///< output noise of the drift-compensation readout at t_inference
  mvm_output = 6,      ///< per-MVM output / weight-read noise (keyed by MVM call counter)
};

/// Seed of the stream of `source` in the tile whose seed is `tile_seed`.
constexpr std::uint64_t stream_seed(std::uint64_t tile_seed, NoiseSource source,
                                    std::uint64_t extra_key = 0) noexcept {
  return derive_seed(derive_seed(tile_seed, static_cast<std::uint64_t>(source)), extra_key);
}

/// xoshiro256++ 1.0 (Blackman & Vigna, https://prng.di.unimi.it/, public domain algorithm),
/// re-implemented here as a UniformRandomBitGenerator usable with boost::random.
class Xoshiro256pp {
public:
  using result_type = std::uint64_t;

  explicit Xoshiro256pp(std::uint64_t seed = 0) noexcept { reseed(seed); }

  /// Fills the 256-bit state from splitmix64 of the seed (the authors' recommendation).
  void reseed(std::uint64_t seed) noexcept {
    std::uint64_t x = seed;
    for (auto& word : m_s) {
      x += 0x9E3779B97F4A7C15ULL;
      word = splitmix64(x - 0x9E3779B97F4A7C15ULL);
    }
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  result_type operator()() noexcept {
    const std::uint64_t result = rotl(m_s[0] + m_s[3], 23) + m_s[0];
    const std::uint64_t t = m_s[1] << 17U;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }

private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t m_s[4]{};
};

/// A stream of standard normal deviates: boost::random's ziggurat normal distribution (a
/// deterministic, platform-independent implementation) driven by xoshiro256++.
class NormalStream {
public:
  explicit NormalStream(std::uint64_t seed = 0) : m_engine(seed) {}
  float operator()() { return m_dist(m_engine); }

private:
  Xoshiro256pp m_engine;
  boost::random::normal_distribution<float> m_dist{0.0F, 1.0F};
};

}  // namespace aimcsim::physics

// SPDX-License-Identifier: Apache-2.0
#include "sim/sweep/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace aimcsim::sweep {

// OpenSSL's libcrypto (Debian libssl-dev) computes the digest.
std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 of the sweep file failed (OpenSSL EVP_Digest)");
  static const char* const hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace aimcsim::sweep

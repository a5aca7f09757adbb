# SPDX-License-Identifier: Apache-2.0
# Every dependency is a Debian package; scripts/install-deps.sh installs them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SystemC REQUIRED IMPORTED_TARGET systemc>=2.3.4)
# Plots (sim/report/plot.cpp): PNG and SVG through cairo's image and SVG surfaces.
pkg_check_modules(Cairo REQUIRED IMPORTED_TARGET cairo>=1.16)
# Sweep files (sim/sweep): muParser evaluates derived keys and constraints. Debian: libmuparser-dev.
pkg_check_modules(muparser REQUIRED IMPORTED_TARGET muparser)
# SHA-256 of sweep files (sim/sweep/sha256.cpp): OpenSSL's libcrypto. Debian: libssl-dev.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(yaml-cpp REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
if(AIMCSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(AIMCSIM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
# OpenBLAS (libopenblas-dev): the float32 GEMMs of the LLM runner's reference model.
find_package(BLAS REQUIRED)
# Tokenizers (workloads/tokenizer): PCRE2 for the pre-tokenizer regexes (\p{L}, lookahead),
# ICU for NFC normalization. Debian: libpcre2-dev, libicu-dev.
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc)

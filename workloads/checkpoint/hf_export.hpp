// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// Writes a loaded Llama-family checkpoint as a HuggingFace folder (config.json +
/// model.safetensors), e.g. a llama2.c model, so the HF path can be checked against it.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "workloads/checkpoint/transformer_weights.hpp"

namespace aimcsim::workloads {

/// Rows of a q or k projection (or bias) of `heads` heads of `head_dim` rows, moved from the
/// interleaved RoPE layout (pairs rows 2i, 2i+1 of a head, llama2.c / Meta) to HF's rotate_half
/// layout (pairs rows i, i + head_dim/2): new row h*head_dim + j*head_dim/2 + i = old row
/// h*head_dim + 2i + j, exactly HF convert_llama_weights_to_hf's permute. `row_size` values a row.
std::vector<float> interleaved_to_half_rows(const std::vector<float>& rows, int heads, int head_dim,
                                            std::int64_t row_size);
/// The inverse permutation (HF layout back to interleaved).
std::vector<float> half_to_interleaved_rows(const std::vector<float>& rows, int heads, int head_dim,
                                            std::int64_t row_size);

/// Writes `w` (family llama, unfused) into `folder` (created if missing) as config.json and
/// model.safetensors with every tensor in `dtype`; q/k rows are permuted when
/// w.spec.rope_interleaved, so the HF reading computes the same function. Tied embeddings are
/// written once (tie_word_embeddings true). Throws CheckpointError for another family or for
/// AFM input ranges (not exported), std::runtime_error when writing fails.
void export_hf_checkpoint(const TransformerWeights& w, const std::filesystem::path& folder,
                          DType dtype);

}  // namespace aimcsim::workloads

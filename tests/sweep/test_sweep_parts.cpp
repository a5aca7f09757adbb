// SPDX-License-Identifier: Apache-2.0
// The sweep's pure parts against hand-computed expectations: SHA-256 (FIPS 180-2 test
// vectors), metric flattening, CSV quoting, and the Slurm scripts' text.
#include <gtest/gtest.h>

#include "sim/sweep/metric_reader.hpp"
#include "sim/sweep/results_table.hpp"
#include "sim/sweep/sha256.hpp"
#include "sim/sweep/slurm_job.hpp"
#include "sim/sweep/sweep_runner.hpp"

using namespace aimcsim::sweep;

TEST(SweepParts, Sha256MatchesTheFipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the padding spills into a second block.
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(SweepParts, MetricsAreFlattenedWithLabelsAndOnlyNumbers) {
  const auto report = nlohmann::ordered_json::parse(R"({
    "name": "x", "ttft_s": 0.5, "tiles": 20, "ok": true, "tpot_s": null,
    "latency": {"p50_s": 1.5, "p99_s": 2.5},
    "drift": [{"label": "0s", "perplexity": {"mean": 9.0, "std": 0.5, "per_seed": [8.5, 9.5]}},
              {"label": "1d", "perplexity": {"mean": 10.0, "std": 1.0, "per_seed": [9, 11]}}],
    "per_seed": [1, 2, 3], "rows": [{"a": 1}]})");
  const auto m = flatten_metrics(report, "eval");
  std::vector<std::string> names;
  for (const auto& x : m) names.push_back(x.name);
  const std::vector<std::string> expected = {"eval.ttft_s",
                                             "eval.tiles",
                                             "eval.tpot_s",
                                             "eval.latency.p50_s",
                                             "eval.latency.p99_s",
                                             "eval.drift.0s.perplexity.mean",
                                             "eval.drift.0s.perplexity.std",
                                             "eval.drift.1d.perplexity.mean",
                                             "eval.drift.1d.perplexity.std"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(m[0].value, 0.5);
  EXPECT_FALSE(m[2].value.has_value());
  EXPECT_EQ(m[7].value, 10.0);
}

TEST(SweepParts, CsvFieldsAndNumbersRoundTrip) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(number_text(0.1), "0.1");
  EXPECT_EQ(number_text(20.0), "20");
  EXPECT_EQ(number_text(1e300), "1e+300");
  EXPECT_EQ(std::stod(number_text(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_EQ(number_text(std::nullopt), "");
}

TEST(SweepParts, ShardsPartitionByIndexModuloN) {
  for (std::size_t n = 1; n <= 5; ++n)
    for (std::size_t i = 0; i < 23; ++i) {
      int owners = 0;
      for (std::size_t k = 1; k <= n; ++k) owners += in_shard(i, k, n);
      EXPECT_EQ(owners, 1) << i << " of " << n;
      EXPECT_TRUE(in_shard(i, i % n + 1, n));
    }
}

TEST(SweepParts, SlurmScriptsRunTheShardsThenTheMerge) {
  SlurmJob job;
  job.exe = "/opt/aimcsim/bin/aimcsim";
  job.sweep_file = "/home/a/study it.yaml";
  job.dir = "/scratch/sweep";
  job.name = "tile adc";
  job.shards = 3;
  job.jobs = 4;
  job.partition = "short";
  job.time = "0:30:00";
  EXPECT_EQ(sweep_sbatch_text(job),
            "#!/bin/bash\n"
            "# Written by `aimcsim sweep /home/a/study it.yaml --slurm 3`; see docs/sweeps.md "
            "\"Shards, merge and Slurm\".\n"
            "#SBATCH --job-name=aimcsim-tile_adc\n"
            "#SBATCH --output=/scratch/sweep/slurm/shard-%a.log\n"
            "#SBATCH --partition=short\n"
            "#SBATCH --time=0:30:00\n"
            "#SBATCH --array=1-3\n"
            "#SBATCH --ntasks=1\n"
            "#SBATCH --cpus-per-task=4\n"
            "set -u\n"
            "exec '/opt/aimcsim/bin/aimcsim' sweep '/home/a/study it.yaml' --shard "
            "\"${SLURM_ARRAY_TASK_ID}/3\" -j \"${SLURM_CPUS_PER_TASK:-4}\" --resume --no-report "
            "-o '/scratch/sweep/shards/'\"${SLURM_ARRAY_TASK_ID}\"\n");
  job.partition.clear();
  job.time.clear();
  EXPECT_EQ(merge_sbatch_text(job),
            "#!/bin/bash\n"
            "# Written by `aimcsim sweep /home/a/study it.yaml --slurm 3`; see docs/sweeps.md "
            "\"Shards, merge and Slurm\".\n"
            "#SBATCH --job-name=aimcsim-tile_adc-merge\n"
            "#SBATCH --output=/scratch/sweep/slurm/merge.log\n"
            "#SBATCH --ntasks=1\n"
            "set -u\n"
            "exec '/opt/aimcsim/bin/aimcsim' sweep-merge '/scratch/sweep/shards/1' "
            "'/scratch/sweep/shards/2' '/scratch/sweep/shards/3' -o '/scratch/sweep/merged'\n");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
}

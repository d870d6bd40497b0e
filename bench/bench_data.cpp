// Data pipeline speed: read + type the CSV, inspect it, prepare the study's split.
#include "data/Csv.h"
#include "data/Prepare.h"
#include "data/QualityReport.h"
#include "data/Synth.h"
#include "data/Table.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

namespace {

using namespace genrelab;

// The real file's text, or a synthetic table with as many rows when it is not available.
const std::string& inputText(std::string& label) {
    static std::string text, source;
    if (text.empty()) {
        const char* path = std::getenv("GENRELAB_REAL_DATA");
        if (path && std::filesystem::exists(path)) {
            text = readFileText(path);
            source = "real file";
        } else {
            text = synthesizeMusicGenreCsv({17996, 1});
            source = "synthetic 17,996 rows (GENRELAB_REAL_DATA unset)";
        }
    }
    label = source;
    return text;
}

void BM_ReadFileAndType(benchmark::State& state) {
    const char* path = std::getenv("GENRELAB_REAL_DATA");
    if (!path || !std::filesystem::exists(path)) {
        state.SkipWithError("GENRELAB_REAL_DATA unset: set it to the Kaggle music_genre_train.csv");
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(readTable(path));
    state.SetLabel("real file, from disk (page cache)");
}
BENCHMARK(BM_ReadFileAndType)->Unit(benchmark::kMillisecond);

void BM_ParseAndType(benchmark::State& state) {
    std::string label;
    const std::string& text = inputText(label);
    for (auto _ : state) benchmark::DoNotOptimize(parseTable(text, "bench.csv"));
    state.SetLabel(label);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseAndType)->Unit(benchmark::kMillisecond);

void BM_Inspect(benchmark::State& state) {
    std::string label;
    const Table table = parseTable(inputText(label), "bench.csv");
    for (auto _ : state) benchmark::DoNotOptimize(inspectTable(table));
    state.SetLabel(label);
}
BENCHMARK(BM_Inspect)->Unit(benchmark::kMillisecond);

void BM_PrepareStudySplit(benchmark::State& state) {
    std::string label;
    const Table table = parseTable(inputText(label), "bench.csv");
    for (auto _ : state) benchmark::DoNotOptimize(prepareData(table, PrepOptions{}, SplitOptions{}));
    state.SetLabel(label);
}
BENCHMARK(BM_PrepareStudySplit)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();

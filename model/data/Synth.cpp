#include "data/Synth.h"

#include "data/CsvWriter.h"
#include "util/Format.h"
#include "util/Rng.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace genrelab {
namespace {

// Per-class parameters, rounded from the real file's class means and sds (docs/DATA.md).
struct ClassProfile {
    double share;                  // of all rows
    double popularity[2];          // mean, sd
    double popularityMissing;      // share of empty Popularity cells
    double danceability[2], energy[2], loudness[2];
    double modeMajor;              // P(mode = 1)
    double speechiness[2], acousticness[2];
    double instrumentalMean, instrumentalMissing;
    double liveness[2], valence[2], tempo[2];
    double durationMs[2];
    double minutesShare;           // rows whose duration is written in minutes
};

constexpr std::array<ClassProfile, 11> kProfiles = {{
    // 0 Acoustic/Folk
    {0.0347, {38, 17}, 0.118, {0.53, 0.13}, {0.44, 0.19}, {-10.2, 3.2}, 0.79, {0.044, 0.027}, {0.58, 0.29}, 0.10, 0.22, {0.15, 0.10}, {0.38, 0.20}, {120, 31}, {230000, 70000}, 1.0},
    // 1 Alt_Music
    {0.0763, {46, 14}, 0.021, {0.54, 0.16}, {0.69, 0.21}, {-7.8, 4.0}, 0.66, {0.068, 0.066}, {0.19, 0.27}, 0.20, 0.13, {0.19, 0.14}, {0.51, 0.24}, {125, 29}, {225000, 63000}, 0.0},
    // 2 Blues
    {0.0707, {33, 13}, 0.012, {0.56, 0.14}, {0.58, 0.23}, {-9.1, 3.9}, 0.67, {0.061, 0.052}, {0.39, 0.33}, 0.10, 0.11, {0.21, 0.18}, {0.61, 0.21}, {123, 32}, {248000, 92000}, 0.0},
    // 3 Bollywood
    {0.0223, {26, 18}, 0.035, {0.50, 0.13}, {0.52, 0.19}, {-10.2, 3.1}, 0.64, {0.078, 0.085}, {0.73, 0.24}, 0.13, 0.24, {0.24, 0.19}, {0.63, 0.22}, {114, 28}, {280000, 80000}, 1.0},
    // 4 Country
    {0.0215, {57, 13}, 0.052, {0.60, 0.11}, {0.60, 0.20}, {-8.5, 3.9}, 0.94, {0.042, 0.030}, {0.31, 0.26}, 0.013, 0.535, {0.17, 0.13}, {0.61, 0.22}, {123, 32}, {215000, 45000}, 1.0},
    // 5 HipHop
    {0.0804, {49, 19}, 0.015, {0.73, 0.14}, {0.64, 0.16}, {-7.5, 2.9}, 0.52, {0.23, 0.14}, {0.20, 0.21}, 0.07, 0.60, {0.20, 0.15}, {0.55, 0.22}, {118, 30}, {207000, 64000}, 0.0},
    // 6 Indie Alt
    {0.1438, {41, 16}, 0.017, {0.55, 0.16}, {0.65, 0.22}, {-8.3, 3.9}, 0.65, {0.067, 0.069}, {0.23, 0.30}, 0.26, 0.099, {0.18, 0.14}, {0.49, 0.25}, {123, 28}, {229000, 79000}, 0.0},
    // 7 Instrumental
    {0.0320, {42, 10}, 0.050, {0.43, 0.17}, {0.16, 0.13}, {-18.8, 5.3}, 0.63, {0.046, 0.015}, {0.91, 0.13}, 0.74, 0.002, {0.13, 0.07}, {0.23, 0.19}, {106, 28}, {200000, 80000}, 1.0},
    // 8 Metal
    {0.1030, {42, 13}, 0.017, {0.41, 0.13}, {0.88, 0.15}, {-5.9, 2.6}, 0.59, {0.089, 0.059}, {0.027, 0.11}, 0.24, 0.085, {0.23, 0.17}, {0.32, 0.19}, {128, 30}, {271000, 88000}, 0.0},
    // 9 Pop
    {0.1403, {50, 21}, 0.025, {0.63, 0.14}, {0.62, 0.20}, {-6.9, 2.6}, 0.55, {0.074, 0.074}, {0.30, 0.29}, 0.05, 0.50, {0.19, 0.17}, {0.52, 0.23}, {119, 27}, {207000, 46000}, 0.161},
    // 10 Rock
    {0.2750, {47, 17}, 0.018, {0.50, 0.14}, {0.73, 0.20}, {-7.1, 3.3}, 0.67, {0.061, 0.049}, {0.14, 0.23}, 0.11, 0.217, {0.21, 0.17}, {0.50, 0.23}, {126, 30}, {242000, 93000}, 0.037},
}};

constexpr const char* kFirstWords[] = {"Velvet", "Paper", "Neon", "Silver", "Quiet", "Broken", "Golden", "Electric",
                                       "Midnight", "Wild", "Hollow", "Crimson", "Lucky", "Northern", "Static", "Blue"};
constexpr const char* kSecondWords[] = {"Harbor", "Engines", "Foxes", "Lanterns", "Rivers", "Parade", "Satellites", "Ghosts",
                                        "Orchard", "Collective", "Machines", "Sparrows", "Hearts", "Avenue", "Tides", "Kings"};
constexpr const char* kTitleWords[] = {"Night", "Drive", "Love", "Fire", "Home", "Summer", "Rain", "Dance", "Light", "Road",
                                       "Dream", "Heart", "Gold", "Storm", "Echo", "Song"};

double clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }

double draw(Rng& rng, const double (&meanSd)[2], double lo, double hi) {
    return clamp(meanSd[0] + meanSd[1] * rng.normal(), lo, hi);
}

std::string decimals(double v, int places) {
    std::string text = fixed(v, places);
    // Trim trailing zeros as the real file's writer did ("0.0485", not "0.048500").
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text += '0';
    }
    return text;
}

template <std::size_t N>
const char* pick(Rng& rng, const char* const (&words)[N]) { return words[rng.below(N)]; }

std::string trackName(Rng& rng) {
    const double kind = rng.uniform();
    std::string a = pick(rng, kTitleWords), b = pick(rng, kTitleWords);
    if (kind < 0.05) return a + ", " + b;                           // a comma inside a field
    if (kind < 0.08) return "The \"" + a + "\" " + b;                // quotes inside a field
    if (kind < 0.20) return a + " " + b + " (feat. " + pick(rng, kFirstWords) + ")";
    return a + " " + b;
}

} // namespace

std::string musicGenreClassNamesCsv() {
    static const char* genres[] = {"Acoustic/Folk", "Alt_Music", "Blues", "Bollywood", "Country", "HipHop",
                                   "Indie Alt", "Instrumental", "Metal", "Pop", "Rock"};
    std::string out = "Class,Genre\n";
    for (std::size_t i = 0; i < std::size(genres); ++i) out += std::to_string(i) + "," + csvField(genres[i]) + "\n";
    return out;
}

namespace {

std::string booleanWord(bool value, BooleanWords words) {
    switch (words) {
    case BooleanWords::TrueFalseCapital: return value ? "True" : "False";
    case BooleanWords::TrueFalse: return value ? "true" : "false";
    case BooleanWords::YesNo: return value ? "yes" : "no";
    case BooleanWords::ZeroOne: return value ? "1" : "0";
    }
    return {};
}

std::string trackId(Rng& rng) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string id(22, '0');
    for (char& c : id) c = kAlphabet[rng.below(62)];
    return id;
}

// One row of the tracks schema after its index: "track_id,...,time_signature," (the genre follows).
// Class k draws from the Kaggle profile k % 11 with its means shifted by k / 11, so classes of
// one profile differ a little.
std::string trackRow(Rng& rng, std::size_t cls, const SynthOptions& options) {
    const ClassProfile& p = kProfiles[cls % kProfiles.size()];
    const double shift = 0.03 * static_cast<double>(cls / kProfiles.size() % 5) - 0.06;
    std::string line = trackId(rng) + ",";
    line += csvField(std::string(pick(rng, kFirstWords)) + " " + pick(rng, kSecondWords)) + ",";
    line += csvField(std::string(pick(rng, kTitleWords)) + " " + pick(rng, kSecondWords)) + ",";
    line += csvField(trackName(rng)) + ",";
    line += std::to_string(static_cast<int>(std::round(draw(rng, p.popularity, 1, 100)))) + ",";
    line += std::to_string(static_cast<long long>(std::round(draw(rng, p.durationMs, 30000, 1477000)))) + ",";
    line += booleanWord(rng.bernoulli(0.1 + p.speechiness[0]), options.booleans) + ",";
    const double dance[2] = {p.danceability[0] + shift, p.danceability[1]};
    line += decimals(draw(rng, dance, 0.06, 0.99), 3) + ",";
    line += decimals(draw(rng, p.energy, 0.001, 1.0), 3) + ",";  // no exact zeros: those are the placeholders' to make
    line += std::to_string(rng.below(12)) + ",";
    line += decimals(draw(rng, p.loudness, -40, 1.3), 3) + ",";
    line += std::string(rng.bernoulli(p.modeMajor) ? "1" : "0") + ",";
    line += decimals(draw(rng, p.speechiness, 0.0225, 0.955), 4) + ",";
    line += decimals(draw(rng, p.acousticness, 0.000001, 0.996), 4) + ",";
    const double highShare = clamp((p.instrumentalMean - 0.02) / 0.625, 0.0, 1.0);
    line += significant(rng.bernoulli(highShare) ? 0.3 + 0.69 * rng.uniform() : std::pow(10.0, -6.0 + 5.0 * rng.uniform()), 3) + ",";
    line += decimals(draw(rng, p.liveness, 0.0119, 1.0), 4) + ",";
    line += decimals(draw(rng, p.valence, 0.0183, 0.986), 3) + ",";
    const double tempo[2] = {p.tempo[0] + 100.0 * shift, p.tempo[1]};
    line += decimals(draw(rng, tempo, 30.5, 217.4), 3) + ",";
    const double ts = rng.uniform();
    line += std::string(ts < 0.914 ? "4" : ts < 0.982 ? "3" : ts < 0.993 ? "5" : "1") + ",";
    return line;
}

// Replaces the comma-separated field `index` (0-based) of a row body; fields hold no quotes
// where this is used (numbers) or are replaced whole with the quoting they had.
std::string withField(const std::string& body, std::size_t index, const std::string& value) {
    std::vector<std::string> fields;
    std::string current;
    bool quoted = false;
    for (char c : body) {
        if (c == '"') quoted = !quoted;
        if (c == ',' && !quoted) {
            fields.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    fields[index] = value;
    std::string out;
    for (const auto& f : fields) out += f + ",";
    return out;
}

std::string synthesizeTracksCsv(const SynthOptions& options) {
    const SynthAnomalyRows anomalies = synthAnomalyRows(options);
    std::vector<char> role(options.rows, 0);
    for (std::size_t r : anomalies.placeholders) role[r] = 'p';
    for (std::size_t r : anomalies.emptyTexts) role[r] = 'e';
    for (std::size_t r : anomalies.spikes) role[r] = 's';
    Rng rng(options.seed);
    std::string out = ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,"
                      "mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre\n";
    std::vector<std::string> sources(anomalies.repeatSources.size());
    std::size_t repeat = 0;
    for (std::size_t row = 0; row < options.rows; ++row) {
        const std::size_t cls = row * options.classes / options.rows;
        std::string body;
        if (repeat < anomalies.repeatTargets.size() && anomalies.repeatTargets[repeat] == row) {
            body = sources[repeat++];
        } else {
            body = trackRow(rng, cls, options);
            // Fields after the index: 0 track_id, 1 artists, 2 album_name, 3 track_name, 5 duration_ms, 17 tempo, 18 time_signature.
            if (role[row] == 'p') body = withField(withField(withField(body, 5, "0"), 17, "0"), 18, "0");
            if (role[row] == 'e') body = withField(withField(withField(body, 1, ""), 2, ""), 3, "");
            if (role[row] == 's') body = withField(body, 17, "120.0");
        }
        if (row < sources.size()) sources[row] = body;
        out += std::to_string(row) + "," + body + csvField(synthGenreName(cls, options.classes)) + "\n";
    }
    return out;
}

} // namespace

SynthAnomalyRows synthAnomalyRows(const SynthOptions& o) {
    if (o.classes == 0 || o.classes > o.rows) throw std::invalid_argument("the classes must number from 1 to the rows");
    if (2 * o.repeatedIds > o.rows) throw std::invalid_argument("repeated ids need two rows each, more than the file has");
    if (2 * o.repeatedIds + o.placeholderRows + o.emptyTextRows + o.spikeRows > o.rows)
        throw std::invalid_argument("the anomalies take more rows than the file has");
    SynthAnomalyRows a;
    std::vector<bool> taken(o.rows, false);
    for (std::size_t j = 0; j < o.repeatedIds; ++j) {
        a.repeatSources.push_back(j);
        a.repeatTargets.push_back(o.rows / 2 + j);
        taken[j] = taken[o.rows / 2 + j] = true;
    }
    auto spread = [&](std::size_t count, std::vector<std::size_t>& rows) {
        if (count == 0) return;
        const std::size_t stride = o.rows / count;
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t r = (i * stride + stride / 2) % o.rows;
            while (taken[r]) r = (r + 1) % o.rows;
            taken[r] = true;
            rows.push_back(r);
        }
        std::sort(rows.begin(), rows.end());
    };
    spread(o.placeholderRows, a.placeholders);
    spread(o.emptyTextRows, a.emptyTexts);
    spread(o.spikeRows, a.spikes);
    return a;
}

std::string synthGenreName(std::size_t k, std::size_t classes) {
    static const char* genres[] = {"acoustic", "alt-music", "blues", "bollywood", "country", "hip-hop",
                                   "indie-alt", "instrumental", "metal", "pop", "rock"};
    if (classes <= std::size(genres)) return genres[k];
    const std::string number = std::to_string(k + 1);
    const std::string width = std::to_string(classes);
    return "genre-" + std::string(width.size() - number.size(), '0') + number + "-" + genres[k % std::size(genres)];
}

std::string synthesizeMusicGenreCsv(const SynthOptions& options) {
    if (options.schema == SynthSchema::Tracks) return synthesizeTracksCsv(options);
    Rng rng(options.seed);
    std::string out =
        "Artist Name,Track Name,Popularity,danceability,energy,key,loudness,mode,speechiness,acousticness,"
        "instrumentalness,liveness,valence,tempo,duration_in min/ms,time_signature,Class\n";
    for (std::size_t row = 0; row < options.rows; ++row) {
        double u = rng.uniform();
        std::size_t cls = 0;
        while (cls + 1 < kProfiles.size() && u >= kProfiles[cls].share) u -= kProfiles[cls++].share;
        const ClassProfile& p = kProfiles[cls];

        std::string line = csvField(std::string(pick(rng, kFirstWords)) + " " + pick(rng, kSecondWords)) + ",";
        line += csvField(trackName(rng)) + ",";
        const double popularity = std::round(draw(rng, p.popularity, 1, 100));
        line += (rng.bernoulli(p.popularityMissing) ? std::string() : decimals(popularity, 1)) + ",";
        line += decimals(draw(rng, p.danceability, 0.06, 0.99), 3) + ",";
        line += decimals(draw(rng, p.energy, 0.00002, 1.0), 3) + ",";
        const auto key = rng.below(12);  // Spotify's keys 0..11; key 0 was lost to empty cells
        line += (key == 0 ? std::string() : decimals(static_cast<double>(key), 1)) + ",";
        line += decimals(draw(rng, p.loudness, -40, 1.3), 3) + ",";
        line += std::string(rng.bernoulli(p.modeMajor) ? "1" : "0") + ",";
        line += decimals(draw(rng, p.speechiness, 0.0225, 0.955), 4) + ",";
        line += decimals(draw(rng, p.acousticness, 0.0, 0.996), 4) + ",";
        // Instrumentalness is bimodal: near zero for sung music, high for instrumental tracks.
        const double highShare = clamp((p.instrumentalMean - 0.02) / 0.625, 0.0, 1.0);
        const double instrumental = rng.bernoulli(highShare) ? 0.3 + 0.69 * rng.uniform() : std::pow(10.0, -6.0 + 5.0 * rng.uniform());
        line += (rng.bernoulli(p.instrumentalMissing) ? std::string() : significant(instrumental, 3)) + ",";
        line += decimals(draw(rng, p.liveness, 0.0119, 1.0), 4) + ",";
        line += decimals(draw(rng, p.valence, 0.0183, 0.986), 3) + ",";
        line += decimals(draw(rng, p.tempo, 30.5, 217.4), 3) + ",";
        const double durationMs = std::round(draw(rng, p.durationMs, 30000, 1477000));
        line += (rng.bernoulli(p.minutesShare) ? decimals(durationMs / 60000.0, 5) : decimals(durationMs, 1)) + ",";
        const double ts = rng.uniform();
        line += std::string(ts < 0.914 ? "4" : ts < 0.982 ? "3" : ts < 0.993 ? "5" : "1") + ",";
        line += std::to_string(cls) + "\n";
        out += line;
    }
    return out;
}

} // namespace genrelab

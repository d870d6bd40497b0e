#include "run/NewRows.h"

#include "data/RowGroups.h"
#include "data/ArtistSongs.h"
#include "data/SongCopies.h"
#include "data/UnitMix.h"
#include "models/TitleTokens.h"
#include "util/Format.h"

#include <algorithm>
#include <unordered_map>

namespace genrelab {
namespace {

// A cell as the grouping reads it: text as written, a number in its shortest form, "" if missing.
std::string groupCell(const Column& column, std::size_t row) {
    if (column.missing[row]) return {};
    if (column.kind == ColumnKind::Text) return column.texts[row];
    return shortestDouble(column.numbers[row]);
}

const Column* findColumn(const Table& table, const std::optional<std::string>& name) {
    if (!name) return nullptr;
    const auto index = table.indexOf(*name);
    return index ? &table.column(*index) : nullptr;
}

} // namespace

NewRows newRowsDesign(const RunResult& result, const RunSpec& spec, Table table) {
    addUnitFlagColumns(table, result.data.unitFlags);  // artifact flags read before the repairs, as in training
    for (const auto& repair : result.data.unitRepairs)
        if (table.indexOf(repair.column)) applyUnitRepair(table, repair);
    return designOfRows(result, spec, table);
}

NewRows designOfRows(const RunResult& result, const RunSpec& spec, const Table& table) {
    const PreparedData& data = result.data;
    std::vector<std::size_t> rows(table.rows());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;

    NewRows out;
    out.design.x = data.transform.apply(table, rows);
    const ModelTerms& terms = spec.model.terms;
    const GroupOptions& options = spec.prep.groups;
    NewRowGroups& g = out.groups;
    g.artistTerm = terms.artistEffects;
    g.titleTerm = terms.titleTokens;

    // The rows' training artists: for artist effects, and for artist songs.
    SparseRows artistIds;
    if (g.artistTerm || terms.artistSongs) {
        const Column* artists = findColumn(table, options.artistColumn);
        g.artistColumn = artists != nullptr;
        std::unordered_map<std::string, std::int32_t> idOf;  // folded name -> id, as groupRows tells artists apart
        for (std::size_t a = 0; a < data.artistVocabulary.size(); ++a)
            idOf.emplace(foldedKey(data.artistVocabulary[a]), static_cast<std::int32_t>(a));
        std::vector<std::int32_t> ids;
        std::vector<double> values;
        for (std::size_t r = 0; r < table.rows(); ++r) {
            ids.clear();
            values.clear();
            std::size_t named = 0;
            if (artists) {
                const auto names = splitArtistField(groupCell(*artists, r), options.artistSeparators);
                named = names.size();
                for (const auto& name : names)
                    if (const auto it = idOf.find(foldedKey(name)); it != idOf.end()) {
                        ids.push_back(it->second);
                        values.push_back(1.0 / static_cast<double>(names.size()));
                    }
            }
            artistIds.appendRow(ids, values);
            if (!g.artistTerm) continue;
            g.artistsNamed.push_back(named);
            g.artistsSeen.push_back(ids.size());
            out.design.unseenArtistSpread.push_back(unseenArtistSpread(named, ids.size()));
        }
        if (g.artistTerm) out.design.artists = artistIds;
    }
    if (g.titleTerm) {
        const Column* titles = findColumn(table, options.titleColumn);
        g.titleColumn = titles != nullptr;
        // The vocabulary buildDesigns learnt: the same training titles and settings give the same tokens.
        const TitleVocabulary vocabulary(data.groupsTrain.titles, terms.titleMinCount,
                                         static_cast<std::size_t>(std::max(terms.titleMaxTokens, 0)));
        // Without the column no row has tokens (the population), not the marker of an empty title.
        if (titles) {
            std::vector<std::string> text(table.rows());
            for (std::size_t r = 0; r < table.rows(); ++r) text[r] = groupCell(*titles, r);
            out.design.tokens = vocabulary.encode(text);
        }
        for (std::size_t r = 0; r < table.rows(); ++r) g.tokensKnown.push_back(titles ? out.design.tokens.idsOf(r).size() : 0);
    }
    if (terms.songCopies || terms.artistSongs) {
        // A new track's copies are the training rows of its song (artist field and title, folded);
        // its artists' other songs are their training rows of other songs.
        const Column* artists = findColumn(table, options.artistColumn);
        const Column* titles = findColumn(table, options.titleColumn);
        std::vector<std::string> keys(table.rows());
        if (artists && titles)
            for (std::size_t r = 0; r < table.rows(); ++r) keys[r] = songKey(groupCell(*artists, r), groupCell(*titles, r));
        const std::vector<int> labels(data.yTrain.data(), data.yTrain.data() + data.yTrain.size());
        if (terms.songCopies) out.design.songCopies = SongCopies(data.groupsTrain.songKeys, labels, data.classes()).ofOtherRows(keys);
        if (terms.artistSongs)
            out.design.artistSongs =
                ArtistSongs(data.groupsTrain.artists, data.groupsTrain.songKeys, labels, data.classes()).ofOtherRows(artistIds, keys);
    }
    return out;
}

std::string artistUse(const NewRowGroups& groups, std::size_t row) {
    if (!groups.artistTerm) return {};
    if (!groups.artistColumn) return "no artist column: artist prior";
    const std::size_t named = groups.artistsNamed[row], seen = groups.artistsSeen[row];
    if (named == 0) return "none named: artist prior";
    if (seen == 0) return "unseen: artist prior";
    if (seen == named) return "seen";
    return std::to_string(seen) + " of " + std::to_string(named) + " seen";
}

} // namespace genrelab

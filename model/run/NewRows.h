#pragma once
// Rows of a new file (tracks to predict) as a fitted run's model reads them: the run's unit
// flags and repairs, its FeatureTransform, and, for a model with group terms, each row's artists
// (ids into the training artists, 1/k each over the k its field names, as in training) and its
// title tokens (the vocabulary learnt on the training titles), and the class shares of its song's
// training copies (song copies). An artist the training rows never
// named has no id; the design's unseenArtistSpread keeps how many there were, so prediction
// averages over their offsets (a row naming none, or a file without the column: one unknown artist).
#include "data/Table.h"
#include "models/Design.h"
#include "run/RunPipeline.h"

#include <cstddef>
#include <vector>

namespace genrelab {

// How each row's group columns were used.
struct NewRowGroups {
    bool artistTerm = false, titleTerm = false;            // the model has the term
    bool artistColumn = false, titleColumn = false;        // the file has the run's column for it
    std::vector<std::size_t> artistsNamed, artistsSeen;   // per row (empty without the artist term)
    std::vector<std::size_t> tokensKnown;                 // per row (empty without the title term)
};

struct NewRows {
    Design design;
    NewRowGroups groups;
};

// The table's group columns are read by the run's GroupOptions (spec.prep.groups). A file
// without a group column predicts every row from the population for that term (said in
// groups.artistColumn / titleColumn), never an error: the dense features are what a model needs.
// Throws DataError when a feature column is missing or cannot be read (FeatureTransform::apply).
NewRows newRowsDesign(const RunResult& result, const RunSpec& spec, Table table);
// The same for a table that already holds the transform's input columns as the model reads them
// (a track entered by hand: its unit flags are inputs, no repair applies).
NewRows designOfRows(const RunResult& result, const RunSpec& spec, const Table& table);

// In words, for a table: "seen", "2 of 3 seen", "unseen: artist prior", "none named: artist prior",
// "no artist column: artist prior".
std::string artistUse(const NewRowGroups& groups, std::size_t row);

} // namespace genrelab

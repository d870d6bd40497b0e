#pragma once
// Human names for class labels (the Kaggle file's ids 0..10 are genres), read from a
// two-column CSV such as music_genre_classes.csv: "Class,Genre" then "0,Acoustic/Folk", ...
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace genrelab {

class ClassNames {
public:
    ClassNames() = default;
    explicit ClassNames(std::map<std::string, std::string> names) : names_(std::move(names)) {}

    // The name of a label, or the label itself when no name is known.
    std::string nameOf(const std::string& label) const;
    std::vector<std::string> namesOf(const std::vector<std::string>& labels) const;
    bool empty() const { return names_.empty(); }
    std::size_t size() const { return names_.size(); }

private:
    std::map<std::string, std::string> names_;
};

// Reads a two-column CSV (label, name) with a header. Throws DataError.
ClassNames readClassNames(const std::string& path);
// The class-name file that belongs to a data file, if one lies beside it: for
// "x/music_genre_train.csv" that is "x/music_genre_classes.csv" (also "<stem>_classes.csv").
std::optional<std::string> findClassNamesFor(const std::string& dataPath);

} // namespace genrelab

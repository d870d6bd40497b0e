#pragma once
// The model builder: which model, every prior and hyperparameter, the inference and its
// settings. Edits a RunSpec; invalid values cannot be entered (the controls have ranges; a
// number typed beyond a range is set to its bound, and rangeNote says so).
#include "run/RunPipeline.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QGroupBox;

namespace genrelab {

class SliderSpin;

class ModelBuilder : public QWidget {
    Q_OBJECT
public:
    explicit ModelBuilder(QWidget* parent = nullptr);

    // The model, priors and inference settings (data preparation and split are not edited here).
    RunSpec spec() const;
    void setSpec(const RunSpec& spec);
    bool priorOnly() const;  // inference "prior": ancestral sampling from the chosen model's prior
    // The data's artist and title columns, chosen elsewhere: they decide which label-share terms
    // a click on a group term brings along (as the command line's defaults do).
    void setGroupColumns(const GroupOptions& groups) { groupColumns_ = groups; }

    SliderSpin* nu() const { return nu_; }
    QCheckBox* artistEffects() const { return artistEffects_; }
    QCheckBox* titleTokens() const { return titleTokens_; }
    QCheckBox* songCopies() const { return songCopies_; }
    QCheckBox* artistSongs() const { return artistSongs_; }
    SliderSpin* copyScale() const { return copyScale_; }
    SliderSpin* tau() const { return tau_; }
    QComboBox* modelChoice() const { return model_; }
    QComboBox* inferenceChoice() const { return inference_; }
    QSpinBox* chains() const { return chains_; }
    // Says which setting was typed out of range and what it was set to (hidden until then).
    QLabel* rangeNote() const { return rangeNote_; }
    QCheckBox* plateauChoice() const { return plateau_; }
    QDoubleSpinBox* learningRateChoice() const { return learningRate_; }

signals:
    void specChanged();

private:
    ModelSpec chosenModel() const;  // the model choice alone, hyperparameters at their defaults
    RunSpec base_;  // the last spec set: what the controls do not show
    GroupOptions groupColumns_;
    void updateVisibility();
    QComboBox* model_;
    QComboBox* inference_;
    SliderSpin *nu_, *tau_, *lambda_, *muScale_, *alphaScale_, *betaScale_, *mlpScale_, *tauArtist_, *tauTitle_, *copyScale_;
    QCheckBox *artistEffects_, *titleTokens_, *songCopies_, *artistSongs_;  // the group terms, added to any model
    QCheckBox* centered_;
    QCheckBox* doublePrecision_;
    QCheckBox* denseMetric_;
    QCheckBox* shiftCoordinates_;
    QLineEdit* hidden_;
    QComboBox* activation_;
    QGroupBox *hierarchicalBox_, *flatBox_, *mlpBox_, *termsBox_, *sviBox_, *pathfinderBox_, *nutsBox_;
    QSpinBox *steps_, *batch_, *particles_, *warmup_, *samples_, *chains_, *treeDepth_, *pilotSteps_, *seed_;
    QSpinBox *paths_, *elboDraws_, *pathDraws_, *history_;
    QCheckBox* nutsFromPathfinder_;
    QLabel* rangeNote_;
    QCheckBox* plateau_;  // --plateau
    QDoubleSpinBox *learningRate_, *targetAccept_;
};

} // namespace genrelab

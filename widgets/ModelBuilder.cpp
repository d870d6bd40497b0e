#include "ModelBuilder.h"

#include "ClampingSpinBox.h"

#include "SliderSpin.h"
#include "models/ModelTraits.h"
#include "run/RunSpecText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace genrelab {
namespace {

// Values come from setSpec(RunSpec{}) at the end of the constructor: RunSpec owns the defaults.
QSpinBox* spinBox(int lo, int hi, QWidget* parent) { return new ClampingSpinBox(lo, hi, parent); }

} // namespace

ModelBuilder::ModelBuilder(QWidget* parent) : QWidget(parent) {
    model_ = new QComboBox(this);
    model_->addItem(tr("flat: Normal priors (M1)"), "flat");
    model_->addItem(tr("hier-studentt: StudentT mean, HalfCauchy scale (M2)"), "hier-studentt");
    model_->addItem(tr("hier-normal: Normal mean, HalfCauchy scale (M3)"), "hier-normal");
    model_->addItem(tr("ard: one scale per feature (M4)"), "ard");
    model_->addItem(tr("mlp: Bayesian neural network (M5)"), "mlp");
    model_->setCurrentIndex(1);
    inference_ = new QComboBox(this);
    inference_->addItem(tr("SVI (variational)"), "svi");
    inference_->addItem(tr("Pathfinder (quasi-Newton variational)"), "pathfinder");
    inference_->addItem(tr("NUTS (MCMC)"), "nuts");
    inference_->addItem(tr("Prior only (ancestral sampling)"), "prior");

    nu_ = new SliderSpin(0.5, 100.0, 4.0, 2, this);
    tau_ = new SliderSpin(0.01, 20.0, 1.0, 3, this);
    lambda_ = new SliderSpin(0.01, 20.0, 1.0, 3, this);
    muScale_ = new SliderSpin(0.01, 20.0, 1.0, 3, this);
    alphaScale_ = new SliderSpin(0.1, 50.0, 5.0, 2, this);
    betaScale_ = new SliderSpin(0.01, 50.0, 5.0, 2, this);
    mlpScale_ = new SliderSpin(0.05, 10.0, 1.0, 2, this);
    tauArtist_ = new SliderSpin(0.01, 20.0, 1.0, 3, this);
    tauTitle_ = new SliderSpin(0.001, 5.0, 0.1, 3, this);
    copyScale_ = new SliderSpin(0.05, 20.0, 2.0, 2, this);
    artistEffects_ = new QCheckBox(tr("artist effects: per-artist class offsets, partially pooled"), this);
    artistEffects_->setToolTip(tr("gamma[artist, class] ~ Normal(0, sigma_artist[class]); needs an artist column. "
                                  "Tracks of artists unseen in training are averaged over the artist prior."));
    titleTokens_ = new QCheckBox(tr("title tokens: words and 3-grams of the title, horseshoe prior"), this);
    titleTokens_->setToolTip(tr("A vocabulary learnt on the training titles; a regularized horseshoe keeps weight only on "
                                "tokens that matter. Needs a title column."));
    songCopies_ = new QCheckBox(tr("song copies: the genres of the track's other copies of its song"), this);
    songCopies_->setToolTip(tr("The same song (artist and title) often appears several times under different genres. Each "
                               "track gets the genre shares of its song's other training copies as features, weighted by a "
                               "class-by-class block ~ Normal(0, copy sd). Needs an artist and a title column."));
    artistSongs_ = new QCheckBox(tr("artist songs: the genres of the artist's other songs"), this);
    artistSongs_->setToolTip(tr("Each track gets the genre shares of its artists' other songs in the training rows (its own "
                                "song and its copies left out, so training rows see what a new track sees) as features, "
                                "weighted by a class-by-class block ~ Normal(0, copy sd). Keeps a seen artist's predictions "
                                "calibrated beside artist effects. Needs an artist column."));
    centered_ = new QCheckBox(tr("centered parameterization (default: non-centered)"), this);
    shiftCoordinates_ = new QCheckBox(tr("shift coordinates (centered; best for NUTS on many rows)"), this);
    shiftCoordinates_->setToolTip(tr("The same model in other coordinates: per feature, contrasts between classes and the "
                                     "standardized shift the softmax cannot see. With a dense metric NUTS mixes ~29x better "
                                     "per second on all 14,396 rows than in the non-centered form; on ~1,000 rows prefer "
                                     "non-centered."));
    doublePrecision_ = new QCheckBox(tr("double-precision likelihood (default: float, ~2x faster)"), this);
    doublePrecision_->setToolTip(tr("The likelihood in float agrees with double to about 1e-7 (regression) or 1e-5 (MLP "
                                    "gradients); priors and sums across rows are double either way."));
    hidden_ = new QLineEdit(this);
    hidden_->setValidator(new QRegularExpressionValidator(QRegularExpression("^[1-9][0-9]{0,3}(,[1-9][0-9]{0,3}){0,4}$"), hidden_));
    hidden_->setToolTip(tr("Units per hidden layer, e.g. 32,16"));
    activation_ = new QComboBox(this);
    activation_->addItems({"tanh", "relu"});

    auto* top = new QFormLayout;
    top->addRow(tr("Model"), model_);
    top->addRow(tr("Inference"), inference_);
    top->addRow(tr("Intercept prior sd (alpha)"), alphaScale_);
    top->addRow(shiftCoordinates_);

    hierarchicalBox_ = new QGroupBox(tr("Hierarchical priors"), this);
    auto* h = new QFormLayout(hierarchicalBox_);
    h->addRow(tr("StudentT ν (mu_beta)"), nu_);
    h->addRow(tr("StudentT scale s"), muScale_);
    h->addRow(tr("Normal λ (hier-normal)"), lambda_);
    h->addRow(tr("HalfCauchy τ (sigma_beta)"), tau_);
    h->addRow(centered_);
    flatBox_ = new QGroupBox(tr("Flat prior"), this);
    auto* f = new QFormLayout(flatBox_);
    f->addRow(tr("Coefficient prior sd (beta)"), betaScale_);
    mlpBox_ = new QGroupBox(tr("Network"), this);
    auto* m = new QFormLayout(mlpBox_);
    m->addRow(tr("Hidden layers"), hidden_);
    m->addRow(tr("Activation"), activation_);
    m->addRow(tr("Weight prior sd"), mlpScale_);
    termsBox_ = new QGroupBox(tr("Group terms (any model)"), this);
    auto* g = new QFormLayout(termsBox_);
    g->addRow(artistEffects_);
    g->addRow(tr("HalfCauchy τ (sigma_artist)"), tauArtist_);
    g->addRow(titleTokens_);
    g->addRow(tr("HalfCauchy τ (title shrinkage)"), tauTitle_);
    g->addRow(songCopies_);
    g->addRow(artistSongs_);
    g->addRow(tr("Normal sd (copy and artist-song weights)"), copyScale_);

    steps_ = spinBox(1, 1000000, this);
    learningRate_ = new QDoubleSpinBox(this);
    learningRate_->setDecimals(5);
    learningRate_->setRange(1e-5, 1.0);
    learningRate_->setSingleStep(0.001);
    batch_ = spinBox(0, 1000000, this);
    batch_->setSpecialValueText(tr("full batch"));
    particles_ = spinBox(1, 64, this);
    sviBox_ = new QGroupBox(tr("SVI"), this);
    auto* s = new QFormLayout(sviBox_);
    s->addRow(tr("Steps"), steps_);
    s->addRow(tr("Learning rate (Adam)"), learningRate_);
    s->addRow(tr("Minibatch"), batch_);
    s->addRow(tr("Particles"), particles_);
    plateau_ = new QCheckBox(tr("halve the learning rate when the ELBO stops improving"), this);
    plateau_->setToolTip(tr("Reduce on plateau (genrelab-cli run --plateau): when %1 windows of %2 steps in a row fail to raise the mean ELBO "
                            "by a fraction %3, the rate is multiplied by %4, never below %5.")
                             .arg(SviOptions{}.plateauPatience).arg(SviOptions{}.window).arg(SviOptions{}.plateauTolerance)
                             .arg(SviOptions{}.plateauFactor).arg(SviOptions{}.minLearningRate));
    s->addRow(plateau_);

    paths_ = spinBox(1, 64, this);
    paths_->setToolTip(tr("Independent L-BFGS paths from random starts, run in parallel; their draws are pooled and resampled (PSIS)."));
    elboDraws_ = spinBox(1, 1000, this);
    elboDraws_->setToolTip(tr("Draws behind each iterate's ELBO estimate: more pick the best Gaussian more surely, at that many log densities per iteration."));
    pathDraws_ = spinBox(10, 100000, this);
    pathDraws_->setToolTip(tr("Draws from each path's best Gaussian before resampling."));
    history_ = spinBox(1, 100, this);
    history_->setToolTip(tr("L-BFGS pairs kept: the rank of each Gaussian's covariance beyond its diagonal is twice this."));
    pathfinderBox_ = new QGroupBox(tr("Pathfinder"), this);
    auto* pf = new QFormLayout(pathfinderBox_);
    pf->addRow(tr("Paths"), paths_);
    pf->addRow(tr("ELBO draws per iterate"), elboDraws_);
    pf->addRow(tr("Draws per path"), pathDraws_);
    pf->addRow(tr("L-BFGS history"), history_);

    warmup_ = spinBox(0, 100000, this);
    samples_ = spinBox(1, 100000, this);
    chains_ = spinBox(1, 16, this);
    targetAccept_ = new QDoubleSpinBox(this);
    targetAccept_->setRange(0.5, 0.99);
    targetAccept_->setSingleStep(0.01);
    treeDepth_ = spinBox(1, 15, this);
    nutsBox_ = new QGroupBox(tr("NUTS"), this);
    auto* n = new QFormLayout(nutsBox_);
    n->addRow(tr("Warmup per chain"), warmup_);
    n->addRow(tr("Draws per chain"), samples_);
    n->addRow(tr("Chains"), chains_);
    n->addRow(tr("Target acceptance"), targetAccept_);
    n->addRow(tr("Max tree depth"), treeDepth_);
    denseMetric_ = new QCheckBox(tr("dense metric (for correlated posteriors)"), this);
    n->addRow(denseMetric_);
    pilotSteps_ = spinBox(0, 20000, this);
    pilotSteps_->setSpecialValueText(tr("none (identity metric)"));
    pilotSteps_->setToolTip(tr("Fit SVI for this many steps first and start the warmup's metric from its variances."));
    n->addRow(tr("SVI pilot steps"), pilotSteps_);
    nutsFromPathfinder_ = new QCheckBox(tr("start from Pathfinder (its draws and variances)"), this);
    nutsFromPathfinder_->setToolTip(tr("Run Pathfinder first: each chain starts at one of its draws, the warmup's metric at its variances "
                                       "(the SVI pilot is then not run). Needs a shorter warmup."));
    n->addRow(nutsFromPathfinder_);

    seed_ = spinBox(0, 1000000000, this);
    auto* seedRow = new QFormLayout;
    seedRow->addRow(tr("Seed"), seed_);
    seedRow->addRow(doublePrecision_);  // every model: the regressions' kernel and the MLP

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(hierarchicalBox_);
    layout->addWidget(flatBox_);
    layout->addWidget(mlpBox_);
    layout->addWidget(termsBox_);
    layout->addWidget(sviBox_);
    layout->addWidget(pathfinderBox_);
    layout->addWidget(nutsBox_);
    layout->addLayout(seedRow);
    rangeNote_ = new QLabel(this);
    rangeNote_->setWordWrap(true);
    rangeNote_->hide();
    layout->addWidget(rangeNote_);
    layout->addStretch(1);
    for (auto* box : findChildren<ClampingSpinBox*>()) connect(box, &ClampingSpinBox::clamped, this, [this, box](qlonglong typed, int value) {
        QString name;
        for (const QFormLayout* form : findChildren<QFormLayout*>())
            if (const auto* label = qobject_cast<const QLabel*>(form->labelForField(box))) name = label->text();
        const QString limit = value == box->maximum() ? tr("the largest allowed is %1").arg(value) : tr("the smallest allowed is %1").arg(value);
        rangeNote_->setText(tr("%1: %2 is out of range (%3); set to %4.").arg(name.isEmpty() ? tr("A setting") : name).arg(typed).arg(limit).arg(value));
        rangeNote_->show();
    });
    setSpec(RunSpec{});

    auto changed = [this] { emit specChanged(); };
    for (SliderSpin* w : {nu_, tau_, lambda_, muScale_, alphaScale_, betaScale_, mlpScale_, tauArtist_, tauTitle_, copyScale_})
        connect(w, &SliderSpin::valueChanged, this, changed);
    for (QCheckBox* w : {artistEffects_, titleTokens_, songCopies_, artistSongs_})
        connect(w, &QCheckBox::toggled, this, [this] { updateVisibility(); emit specChanged(); });
    // As on the command line, ticking artist effects brings the artists' other songs along, and
    // ticking a group term with both an artist and a title column brings the song's copies along
    // (a person's click only: a spec set in code keeps its own choice).
    const auto takeSongCopies = [this] {
        RunSpec now = spec();
        now.prep.groups = groupColumns_;
        if (runspec::songCopiesByDefault(now)) songCopies_->setChecked(true);
    };
    connect(artistEffects_, &QCheckBox::clicked, this, [this, takeSongCopies](bool on) {
        if (!on) return;
        artistSongs_->setChecked(true);
        takeSongCopies();
    });
    connect(titleTokens_, &QCheckBox::clicked, this, [takeSongCopies](bool on) {
        if (on) takeSongCopies();
    });
    for (QSpinBox* w : {steps_, batch_, particles_, warmup_, samples_, chains_, treeDepth_, pilotSteps_, seed_, paths_, elboDraws_, pathDraws_, history_})
        connect(w, &QSpinBox::valueChanged, this, changed);
    connect(nutsFromPathfinder_, &QCheckBox::toggled, this, changed);
    connect(plateau_, &QCheckBox::toggled, this, changed);
    connect(learningRate_, &QDoubleSpinBox::valueChanged, this, changed);
    connect(targetAccept_, &QDoubleSpinBox::valueChanged, this, changed);
    connect(centered_, &QCheckBox::toggled, this, changed);
    connect(doublePrecision_, &QCheckBox::toggled, this, changed);
    connect(denseMetric_, &QCheckBox::toggled, this, changed);
    connect(shiftCoordinates_, &QCheckBox::toggled, this, changed);
    connect(shiftCoordinates_, &QCheckBox::toggled, this, [this] { updateVisibility(); });
    connect(hidden_, &QLineEdit::editingFinished, this, changed);
    connect(activation_, &QComboBox::currentIndexChanged, this, changed);
    connect(model_, &QComboBox::currentIndexChanged, this, [this] { updateVisibility(); emit specChanged(); });
    connect(inference_, &QComboBox::currentIndexChanged, this, [this] { updateVisibility(); emit specChanged(); });
    updateVisibility();
}

bool ModelBuilder::priorOnly() const { return inference_->currentData().toString() == "prior"; }

ModelSpec ModelBuilder::chosenModel() const {
    ModelSpec model;
    setModelByName(model, model_->currentData().toString().toStdString());
    return model;
}

void ModelBuilder::updateVisibility() {
    // Each control shows when the chosen model declares what it sets.
    const ModelTraits traits = traitsOf(chosenModel());
    hierarchicalBox_->setVisible(traits.hierarchical);
    nu_->setEnabled(traits.uses(Hyperparameter::Nu));
    muScale_->setEnabled(traits.uses(Hyperparameter::MuScale));
    lambda_->setEnabled(traits.uses(Hyperparameter::Lambda));
    tau_->setEnabled(traits.uses(Hyperparameter::Tau));
    alphaScale_->setEnabled(traits.uses(Hyperparameter::AlphaScale));
    flatBox_->setVisible(traits.uses(Hyperparameter::BetaScale));
    mlpBox_->setVisible(traits.hiddenUnits);
    mlpScale_->setEnabled(traits.uses(Hyperparameter::MlpPriorScale));
    tauArtist_->setEnabled(artistEffects_->isChecked());
    tauTitle_->setEnabled(titleTokens_->isChecked());
    copyScale_->setEnabled(songCopies_->isChecked() || artistSongs_->isChecked());
    shiftCoordinates_->setVisible(traits.shiftCoordinates);
    centered_->setEnabled(!shiftCoordinates_->isChecked());  // shift coordinates are centered
    const QString inference = inference_->currentData().toString();
    sviBox_->setVisible(inference == "svi");
    pathfinderBox_->setVisible(inference == "pathfinder");
    nutsBox_->setVisible(inference == "nuts");
}

RunSpec ModelBuilder::spec() const {
    RunSpec spec = base_;  // what the controls do not show stays as set
    setModelByName(spec.model, model_->currentData().toString().toStdString());
    spec.inference = inferenceFromName(inference_->currentData().toString().toStdString());
    auto& r = spec.model.regression;
    r.nu = nu_->value();
    r.tau = tau_->value();
    r.lambda = lambda_->value();
    r.muScale = muScale_->value();
    r.alphaScale = alphaScale_->value();
    r.betaScale = betaScale_->value();
    if (shiftCoordinates_->isChecked() && traitsOf(spec.model).shiftCoordinates) r.coordinates = Coordinates::Shift;
    else if (centered_->isChecked()) r.coordinates = Coordinates::Centered;
    else if (base_.model.regression.coordinates != Coordinates::PartiallyCentered) r.coordinates = Coordinates::NonCentered;
    r.precision = doublePrecision_->isChecked() ? KernelPrecision::Double : KernelPrecision::Float;
    spec.model.mlp.precision = r.precision;
    spec.model.mlp.priorScale = mlpScale_->value();
    spec.model.mlp.activation = activation_->currentIndex() == 0 ? Activation::Tanh : Activation::Relu;
    spec.model.terms.artistEffects = artistEffects_->isChecked();
    spec.model.terms.tauArtist = tauArtist_->value();
    spec.model.terms.titleTokens = titleTokens_->isChecked();
    spec.model.terms.tauTitle = tauTitle_->value();
    spec.model.terms.songCopies = songCopies_->isChecked();
    spec.model.terms.artistSongs = artistSongs_->isChecked();
    spec.model.terms.copyScale = copyScale_->value();
    spec.model.mlp.hidden.clear();
    for (const QString& units : hidden_->text().split(',', Qt::SkipEmptyParts)) spec.model.mlp.hidden.push_back(units.toInt());
    if (spec.model.mlp.hidden.empty()) spec.model.mlp.hidden = RunSpec{}.model.mlp.hidden;
    spec.svi.steps = static_cast<std::size_t>(steps_->value());
    spec.svi.learningRate = learningRate_->value();
    spec.svi.batchSize = static_cast<std::size_t>(batch_->value());
    spec.svi.particles = particles_->value();
    spec.svi.reduceOnPlateau = plateau_->isChecked();
    spec.svi.seed = static_cast<std::uint64_t>(seed_->value());
    spec.nuts.warmup = warmup_->value();
    spec.nuts.samples = samples_->value();
    spec.nuts.chains = chains_->value();
    spec.nuts.targetAccept = targetAccept_->value();
    spec.nuts.maxTreeDepth = treeDepth_->value();
    spec.nuts.denseMetric = denseMetric_->isChecked();
    spec.nutsPilotSteps = static_cast<std::size_t>(pilotSteps_->value());
    spec.nuts.seed = static_cast<std::uint64_t>(seed_->value());
    spec.nutsInit = nutsFromPathfinder_->isChecked() ? NutsInit::Pathfinder : NutsInit::Random;
    spec.pathfinder.paths = paths_->value();
    spec.pathfinder.elboDraws = elboDraws_->value();
    spec.pathfinder.drawsPerPath = static_cast<std::size_t>(pathDraws_->value());
    spec.pathfinder.history = history_->value();
    spec.pathfinder.seed = static_cast<std::uint64_t>(seed_->value());
    return spec;
}

void ModelBuilder::setSpec(const RunSpec& spec) {
    const QSignalBlocker block(this);
    base_ = spec;
    model_->setCurrentIndex(std::max(0, model_->findData(QString::fromStdString(std::string(modelName(spec.model))))));
    inference_->setCurrentIndex(std::max(0, inference_->findData(QString::fromStdString(std::string(inferenceName(spec.inference))))));
    const auto& r = spec.model.regression;
    nu_->setValue(r.nu);
    tau_->setValue(r.tau);
    lambda_->setValue(r.lambda);
    muScale_->setValue(r.muScale);
    alphaScale_->setValue(r.alphaScale);
    betaScale_->setValue(r.betaScale);
    centered_->setChecked(r.coordinates == Coordinates::Centered);
    shiftCoordinates_->setChecked(r.coordinates == Coordinates::Shift);
    doublePrecision_->setChecked(r.precision == KernelPrecision::Double);
    mlpScale_->setValue(spec.model.mlp.priorScale);
    artistEffects_->setChecked(spec.model.terms.artistEffects);
    tauArtist_->setValue(spec.model.terms.tauArtist);
    titleTokens_->setChecked(spec.model.terms.titleTokens);
    tauTitle_->setValue(spec.model.terms.tauTitle);
    songCopies_->setChecked(spec.model.terms.songCopies);
    artistSongs_->setChecked(spec.model.terms.artistSongs);
    copyScale_->setValue(spec.model.terms.copyScale);
    QStringList units;
    for (int u : spec.model.mlp.hidden) units << QString::number(u);
    hidden_->setText(units.join(','));
    activation_->setCurrentIndex(spec.model.mlp.activation == Activation::Tanh ? 0 : 1);
    steps_->setValue(static_cast<int>(spec.svi.steps));
    learningRate_->setValue(spec.svi.learningRate);
    batch_->setValue(static_cast<int>(spec.svi.batchSize));
    particles_->setValue(spec.svi.particles);
    plateau_->setChecked(spec.svi.reduceOnPlateau);
    seed_->setValue(static_cast<int>(spec.svi.seed));
    warmup_->setValue(spec.nuts.warmup);
    samples_->setValue(spec.nuts.samples);
    chains_->setValue(spec.nuts.chains);
    targetAccept_->setValue(spec.nuts.targetAccept);
    treeDepth_->setValue(spec.nuts.maxTreeDepth);
    denseMetric_->setChecked(spec.nuts.denseMetric);
    pilotSteps_->setValue(static_cast<int>(spec.nutsPilotSteps));
    nutsFromPathfinder_->setChecked(spec.nutsInit == NutsInit::Pathfinder);
    paths_->setValue(spec.pathfinder.paths);
    elboDraws_->setValue(spec.pathfinder.elboDraws);
    pathDraws_->setValue(static_cast<int>(spec.pathfinder.drawsPerPath));
    history_->setValue(spec.pathfinder.history);
    updateVisibility();
}

} // namespace genrelab

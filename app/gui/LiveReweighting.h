#pragma once
// Live prior re-weighting for the Model section (eval/PriorReweighting.h): after a fit, the
// fit's draws and per-draw predictions are gathered once on the thread pool; each change of
// the model's hyperparameters then re-weights them on the pool too, never on the GUI thread.
// Only the newest request's answer is delivered; requests made while one runs are merged into
// the newest.
#include "eval/PriorReweighting.h"
#include "run/RunPipeline.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace genrelab {

struct ReweightingUpdate {
    ReweightedPosterior posterior;
    std::shared_ptr<const ReweightingBasis> basis;  // names and draws behind the numbers
    double milliseconds = 0;     // the re-weighting's wall time on its worker
    double cpuMilliseconds = 0;  // and its CPU time there (what a loaded machine does not inflate)
    bool fittedPrior = false;  // the fitted hyperparameters: no change
};

class LiveReweighting : public QObject {
    Q_OBJECT
public:
    explicit LiveReweighting(QObject* parent = nullptr);
    ~LiveReweighting() override;

    // A new fit (null: none); gathers its basis on the pool, then re-weights to the last request.
    void setResult(std::shared_ptr<const RunResult> result, const RunSpec& spec);
    // Re-weights to this model's prior; unavailable() with the reason when reweightingRefusal
    // refuses it (another model, terms, coordinates; a title slab the likelihood sees).
    void request(const ModelSpec& model);
    bool ready() const { return basis_ != nullptr; }
    // Blocks until no work is running (tests, and the destructor).
    void waitForIdle();

signals:
    void updated(const genrelab::ReweightingUpdate& update);
    void unavailable(const QString& reason);

private:
    void startNext();

    std::shared_ptr<const RunResult> result_;
    ModelSpec fitted_;
    std::shared_ptr<const ReweightingBasis> basis_;
    std::optional<ModelSpec> pending_;
    int generation_ = 0;  // a new fit drops answers computed for the previous one
    bool running_ = false;
};

} // namespace genrelab

Q_DECLARE_METATYPE(genrelab::ReweightingUpdate)

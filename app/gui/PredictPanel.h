#pragma once
// The Predict section: a track's features entered by hand (starting from the open file's median
// track, run/TypicalTrack.h), or an unlabeled CSV (export/PredictionTable.h); a run with group
// terms also reads the track's artist and title (unseen artists: averaged over the artist prior); the predictive
// distribution over genres with 90% intervals across posterior draws; predictions exported.
// With many classes the chart shows the most probable kMaxChartClasses and the table the top
// kTopClasses per track instead of a column per class. A file is predicted on the background
// pool with a progress bar (steps done, time taken, time left) and Cancel.
#include "run/TypicalTrack.h"
#include "util/Cancellation.h"

#include <QFutureWatcher>
#include <QWidget>

#include <Eigen/Core>

#include <memory>
#include <vector>

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace genrelab {

class IntervalBarChart;
class JobProgress;
class ResultTableView;
class Session;
class Table;

class PredictPanel : public QWidget {
    Q_OBJECT
public:
    explicit PredictPanel(Session& session, QWidget* parent = nullptr);
    // A feature's entry by its column name: a number, a code or a 0/1 flag (a check box).
    void setInput(const QString& feature, double value);
    double inputValue(const QString& feature) const;  // NaN for a name that is no input
    QWidget* inputWidget(const QString& feature) const;  // null for a name that is no input
    QString inputLabel(const QString& feature) const;
    // The artist and title fields, shown when the run has artist effects (title tokens); else null.
    QLineEdit* artistInput() const { return artist_; }
    QLineEdit* titleInput() const { return title_; }
    void predictManual();
    // The feature rows start from the open file's median track, read on the background pool after
    // a run is published; this waits for them (predictManual and setInput do it themselves).
    void waitForForm();
    // Predicts every row of a CSV with the run's features (on the background pool; the window
    // stays responsive meanwhile, the progress bar moves, Cancel stops it); returns when done:
    // empty string, the error message, or kCancelledMessage (the predictions shown before stay).
    QString predictFile(const QString& path);
    void cancelPrediction();
    bool isPredicting() const { return predicting_; }
    QProgressBar* progressBar() const { return progress_; }
    QPushButton* cancelButton() const { return cancel_; }
    static inline const QString kCancelledMessage = QStringLiteral("cancelled");
    IntervalBarChart* chart() const { return chart_; }
    ResultTableView* predictions() const { return predictions_; }
    QString summary() const;
    static constexpr int kMaxChartClasses = 20;
    static constexpr int kMaxProbabilityColumns = 20;
    static constexpr int kTopClasses = 3;
    static constexpr int kMaxColumnWidth = 220;  // pixels, for the file's long text columns

private:
    void onResult();
    void showTypicalTrack();
    // rows x classes per draw for the rows of a table, for up to maxDraws evenly spaced draws.
    std::vector<Eigen::MatrixXd> drawProbabilities(const Table& table, std::size_t maxDraws) const;

    Session& session_;
    QFormLayout* form_;
    // One of number, code or flag is set, by the column's TypicalKind.
    struct FeatureInput {
        QString column, label;
        QDoubleSpinBox* number = nullptr;
        QSpinBox* code = nullptr;
        QCheckBox* flag = nullptr;
        double value() const;
        void setValue(double value);
    };
    std::vector<FeatureInput> inputs_;
    QFutureWatcher<std::vector<TypicalInput>> typicalJob_;
    std::shared_ptr<const RunResult> typicalFor_;  // the run whose median track is being read; null when none
    QLineEdit *artist_ = nullptr, *title_ = nullptr;
    QPushButton *predict_, *open_, *save_;
    QLabel* summary_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    JobProgress* progressEta_;
    CancellationToken predictionCancel_;
    bool predicting_ = false;
    IntervalBarChart* chart_;
    ResultTableView* predictions_;
};

} // namespace genrelab

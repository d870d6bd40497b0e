#pragma once
// The SVI learning-rate sweep, as `genrelab-cli sweep --lr LIST` runs it: the rates to try, the
// training rows and the steps at most (the CLI's defaults), a button that asks for the run, the
// validation result of every rate and a button that takes the best one into the model.
#include "experiments/Sweep.h"

#include <QGroupBox>

#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace genrelab {

class LearningRateSweepBox : public QGroupBox {
    Q_OBJECT
public:
    explicit LearningRateSweepBox(QWidget* parent = nullptr);

    // The rates typed, or none when one is not a positive number (the box then says which).
    std::optional<std::vector<double>> learningRates() const;
    void setLearningRates(const QString& text);
    // Training rows and steps as chosen; seed and jobs at the CLI's defaults (the panel sets the seed).
    SweepSettings settings() const;
    void setSettings(const SweepSettings& settings);

    void setRunning(bool running);
    void setProgress(std::size_t done, std::size_t total);
    void setResult(const SweepResult& result);
    void setMessage(const QString& message);
    const SweepResult& result() const { return sweep_; }
    QString resultText() const;
    QPushButton* runButton() const { return run_; }
    QPushButton* useBestButton() const { return useBest_; }

signals:
    void runRequested();
    void cancelRequested();
    void useLearningRate(double rate);

private:
    QLineEdit* rates_;
    QSpinBox *rows_, *steps_;
    QPushButton *run_, *useBest_;
    QLabel* summary_;
    SweepResult sweep_;
    bool running_ = false;
};

} // namespace genrelab

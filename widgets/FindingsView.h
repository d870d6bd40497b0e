#pragma once
// The artifacts of the data-quality report as readable cards, the strongest first.
#include "data/QualityReport.h"

#include <QTextBrowser>

namespace genrelab {

class FindingsView : public QTextBrowser {
    Q_OBJECT
public:
    explicit FindingsView(QWidget* parent = nullptr);
    void setArtifacts(const std::vector<Artifact>& artifacts);
    int findingCount() const { return count_; }

    // 0: predicts the class (a significant, at least moderate association), 1: a data problem,
    // 2: worth knowing, 3: a note. Findings show in this order, the strongest association first.
    static int severity(const Artifact& artifact);

private:
    int count_ = 0;
};

} // namespace genrelab

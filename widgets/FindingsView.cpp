#include "FindingsView.h"

#include <algorithm>

namespace genrelab {

FindingsView::FindingsView(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setPlaceholderText(tr("Open a CSV file to see what its data hides."));
}

int FindingsView::severity(const Artifact& artifact) {
    const std::string& kind = artifact.kind;
    if (kind == "single_class") return 0;
    if (kind == "informative_unit" || kind == "informative_missing")
        return artifact.association && artifact.association->cramersV >= 0.1 ? 0 : 2;
    if (kind == "unit_mix" || kind == "missing_may_be_zero" || kind == "constant" || kind == "missing_target") return 1;
    if (kind == "class_imbalance" || kind == "missing_pattern") return 2;
    return 3;
}

void FindingsView::setArtifacts(const std::vector<Artifact>& artifacts) {
    std::vector<const Artifact*> ordered;
    for (const auto& a : artifacts) ordered.push_back(&a);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Artifact* a, const Artifact* b) {
                         const int sa = severity(*a), sb = severity(*b);
                         if (sa != sb) return sa < sb;
                         const double va = a->association ? a->association->cramersV : 0.0;
                         const double vb = b->association ? b->association->cramersV : 0.0;
                         return va > vb;
                     });
    static const char* colours[] = {"#c0392b", "#d68910", "#2471a3", "#7f8c8d"};
    static const char* labels[] = {"predicts the class", "data problem", "worth knowing", "note"};
    QString html = "<html><body style='font-family:sans-serif'>";
    if (ordered.empty()) html += "<p>" + tr("No findings: the columns look clean.") + "</p>";
    for (const Artifact* a : ordered) {
        const int s = severity(*a);
        html += QString("<div style='margin-bottom:10px'><span style='color:%1;font-weight:bold'>&#9679; %2</span>"
                        " <span style='color:#555'>[%3]</span> <b>%4</b><br/>%5</div>")
                    .arg(colours[s], tr(labels[s]), QString::fromStdString(a->kind).toHtmlEscaped(),
                         QString::fromStdString(a->column).toHtmlEscaped(), QString::fromStdString(a->note).toHtmlEscaped());
    }
    html += "</body></html>";
    setHtml(html);
    count_ = static_cast<int>(ordered.size());
}

} // namespace genrelab

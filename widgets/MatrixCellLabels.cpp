#include "MatrixCellLabels.h"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace genrelab {

MatrixCellLabels::MatrixCellLabels(QCustomPlot* plot) : QCPAbstractItem(plot) { setSelectable(false); }

void MatrixCellLabels::setCells(Eigen::MatrixXi counts, Eigen::MatrixXd shares) {
    counts_ = std::move(counts);
    shares_ = std::move(shares);
    const int largest = counts_.size() ? counts_.maxCoeff() : 0;
    widestText_ = static_cast<int>(QString::number(largest).size());
}

bool MatrixCellLabels::cellsHoldText() const {
    const QCPAxisRect* rect = clipAxisRect();
    if (!rect || counts_.size() == 0) return false;
    const QCPAxis* x = rect->axis(QCPAxis::atBottom);
    const QCPAxis* y = rect->axis(QCPAxis::atLeft);
    const double width = std::fabs(x->coordToPixel(1.0) - x->coordToPixel(0.0));
    const double height = std::fabs(y->coordToPixel(1.0) - y->coordToPixel(0.0));
    const QFontMetrics metrics(font_);
    return width >= metrics.horizontalAdvance(QString(widestText_, '8')) + 4 && height >= metrics.height() + 2;
}

double MatrixCellLabels::selectTest(const QPointF&, bool, QVariant*) const { return -1; }

void MatrixCellLabels::draw(QCPPainter* painter) {
    drawn_ = 0;
    if (!cellsHoldText()) return;
    const QCPAxisRect* rect = clipAxisRect();
    const QCPAxis* x = rect->axis(QCPAxis::atBottom);
    const QCPAxis* y = rect->axis(QCPAxis::atLeft);
    // The cells that overlap the visible range: cell c spans (c - 0.5, c + 0.5).
    const auto visible = [](const QCPRange& range, Eigen::Index size) {
        const auto first = static_cast<Eigen::Index>(std::max(0.0, std::floor(range.lower - 0.5) + 1.0));
        const auto last = static_cast<Eigen::Index>(std::min(static_cast<double>(size - 1), std::ceil(range.upper + 0.5) - 1.0));
        return std::pair{first, last};
    };
    const auto [firstColumn, lastColumn] = visible(x->range(), counts_.cols());
    const auto [firstRow, lastRow] = visible(y->range(), counts_.rows());
    const double width = std::fabs(x->coordToPixel(1.0) - x->coordToPixel(0.0));
    const double height = std::fabs(y->coordToPixel(1.0) - y->coordToPixel(0.0));
    painter->setFont(font_);
    for (Eigen::Index r = firstRow; r <= lastRow; ++r)
        for (Eigen::Index c = firstColumn; c <= lastColumn; ++c) {
            const QPointF centre(x->coordToPixel(static_cast<double>(c)), y->coordToPixel(static_cast<double>(r)));
            painter->setPen(shares_(r, c) > 0.5 ? Qt::black : Qt::white);
            painter->drawText(QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height), Qt::AlignCenter,
                              QString::number(counts_(r, c)));
            ++drawn_;
        }
}

} // namespace genrelab

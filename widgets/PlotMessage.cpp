#include "PlotMessage.h"

#include <qcustomplot.h>

namespace genrelab {
namespace {

const char* const kMessageName = "emptyStateMessage";

QCPItemText* messageItem(const QCustomPlot* plot) {
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)); text && text->objectName() == kMessageName) return text;
    return nullptr;
}

} // namespace

void setPlotMessage(QCustomPlot* plot, const QString& text) {
    QCPItemText* item = messageItem(plot);
    const bool shown = item != nullptr;
    if (text.isEmpty()) {
        if (item) plot->removeItem(item);
    } else {
        if (!item) {
            item = new QCPItemText(plot);
            item->setObjectName(kMessageName);
            item->setClipToAxisRect(false);
            item->position->setType(QCPItemPosition::ptViewportRatio);
            item->position->setCoords(0.5, 0.5);
            item->setPositionAlignment(Qt::AlignCenter);
            item->setTextAlignment(Qt::AlignCenter);
            item->setColor(QColor(0x55, 0x55, 0x55));
            item->setFont(QFont(plot->font().family(), 11));
        }
        item->setText(text);
    }
    // Axes without data read as a broken plot: hidden while the message shows, restored as they were.
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        if (!text.isEmpty() && !shown) {
            axis->setProperty("visibleBeforeMessage", axis->visible());
            axis->grid()->setProperty("visibleBeforeMessage", axis->grid()->visible());
            axis->setVisible(false);
            axis->grid()->setVisible(false);
        } else if (text.isEmpty() && shown) {
            axis->setVisible(axis->property("visibleBeforeMessage").toBool());
            axis->grid()->setVisible(axis->grid()->property("visibleBeforeMessage").toBool());
        }
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

QString plotMessage(const QCustomPlot* plot) {
    const QCPItemText* item = messageItem(plot);
    return item ? item->text() : QString();
}

} // namespace genrelab

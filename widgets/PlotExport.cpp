#include "PlotExport.h"

#include "AtomicFile.h"

#include <QBuffer>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <qcustomplot.h>

namespace genrelab {

QString savePlot(QCustomPlot* plot, const QString& path, int width, int height) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int w = width > 0 ? width : plot->width(), h = height > 0 ? height : plot->height();
    if (suffix == "png") {
        const QPixmap pixmap = plot->toPixmap(w, h, 2.0);
        return writeDeviceAtomically(path, [&](QIODevice& device) { return pixmap.save(&device, "PNG"); });
    }
    if (suffix == "pdf") {
        // QCustomPlot writes the PDF only to a file name: a private scratch file, read back and
        // handed to the one writer, so a PDF lands like every other export.
        QTemporaryDir scratch;
        const QString temporary = scratch.filePath("plot.pdf");
        QFile written(temporary);
        if (!scratch.isValid() || !plot->savePdf(temporary, w, h) || !written.open(QIODevice::ReadOnly))
            return QObject::tr("Writing %1 failed").arg(path);
        return writeFileAtomically(path, written.readAll());
    }
    if (suffix == "svg") {
        return writeDeviceAtomically(path, [&](QIODevice& device) {
            QSvgGenerator generator;
            generator.setOutputDevice(&device);
            generator.setSize(QSize(w, h));
            generator.setViewBox(QRect(0, 0, w, h));
            QCPPainter painter;
            if (!painter.begin(&generator)) return false;
            plot->toPainter(&painter, w, h);
            painter.end();
            return true;
        });
    }
    return QObject::tr("Unknown plot format '%1' (png, pdf, svg)").arg(suffix);
}

void installPlotExportMenu(QCustomPlot* plot, const QString& baseName) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, baseName](const QPoint& at) {
        QMenu menu(plot);
        for (const QString& format : {QString("png"), QString("pdf"), QString("svg")}) {
            menu.addAction(QObject::tr("Save as %1…").arg(format.toUpper()), plot, [plot, baseName, format] {
                const QString path = QFileDialog::getSaveFileName(plot, QObject::tr("Save plot"), baseName + "." + format,
                                                                  QString("%1 (*.%2)").arg(format.toUpper(), format));
                if (path.isEmpty()) return;
                const QString error = savePlot(plot, path);
                if (!error.isEmpty()) QMessageBox::warning(plot, QObject::tr("Save plot"), error);
            });
        }
        menu.exec(plot->mapToGlobal(at));
    });
}

} // namespace genrelab

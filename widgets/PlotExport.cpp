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

QString renderPlot(QCustomPlot* plot, const QString& format, QByteArray& bytes, int width, int height) {
    const QString suffix = format.toLower();
    const int w = width > 0 ? width : plot->width(), h = height > 0 ? height : plot->height();
    bytes.clear();
    if (suffix == "png") {
        const QPixmap pixmap = plot->toPixmap(w, h, 2.0);
        QBuffer buffer(&bytes);
        if (!buffer.open(QIODevice::WriteOnly) || !pixmap.save(&buffer, "PNG")) return QObject::tr("Rendering the plot as PNG failed");
        return {};
    }
    if (suffix == "pdf") {
        // QCustomPlot writes the PDF only to a file name: a private scratch file, read back.
        QTemporaryDir scratch;
        const QString temporary = scratch.filePath("plot.pdf");
        QFile written(temporary);
        if (!scratch.isValid() || !plot->savePdf(temporary, w, h) || !written.open(QIODevice::ReadOnly))
            return QObject::tr("Rendering the plot as PDF failed");
        bytes = written.readAll();
        return {};
    }
    if (suffix == "svg") {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(QSize(w, h));
        generator.setViewBox(QRect(0, 0, w, h));
        QCPPainter painter;
        if (!painter.begin(&generator)) return QObject::tr("Rendering the plot as SVG failed");
        plot->toPainter(&painter, w, h);
        painter.end();
        return {};
    }
    return QObject::tr("Unknown plot format '%1' (png, pdf, svg)").arg(suffix);
}

QString savePlot(QCustomPlot* plot, const QString& path, int width, int height) {
    QByteArray bytes;
    const QString error = renderPlot(plot, QFileInfo(path).suffix(), bytes, width, height);
    if (!error.isEmpty()) return path + ": " + error;
    return writeFileAtomically(path, bytes);
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

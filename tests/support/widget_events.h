#pragma once

// What the widget tests send and keep: synthetic mouse and wheel events delivered straight to a
// widget (no window system needed on the offscreen platform), and the rendered PNGs saved for
// a look when LIQMAP_SCREENSHOT_DIR is set.

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QMouseEvent>
#include <QString>
#include <QTest>
#include <QWheelEvent>
#include <QWidget>
#include <cstdlib>  // std::getenv

namespace liqmap::test {

inline void sendMouse(QWidget& widget, QEvent::Type type, QPointF position, Qt::MouseButton button,
                      Qt::MouseButtons buttons) {
    QMouseEvent event(type, position, widget.mapToGlobal(position), button, buttons,
                      Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
}

/// One wheel step is 120 units of angle delta.
inline void sendWheel(QWidget& widget, QPointF position, int angleDelta) {
    QWheelEvent event(position, widget.mapToGlobal(position), QPoint(), QPoint(0, angleDelta),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&widget, &event);
}

/// Saves `image` as NAME.png into $LIQMAP_SCREENSHOT_DIR when that is set.
inline void maybeSave(const QImage& image, const char* name) {
    const char* dir = std::getenv("LIQMAP_SCREENSHOT_DIR");
    if (dir == nullptr || *dir == '\0') {
        return;
    }
    QDir().mkpath(QString::fromLocal8Bit(dir));
    QVERIFY(image.save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QString::fromLatin1(name) +
                       QStringLiteral(".png")));
}

}  // namespace liqmap::test

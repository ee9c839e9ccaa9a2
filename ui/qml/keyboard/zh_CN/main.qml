// Qt's own main layout, unchanged: this folder replaces only the number keypads.
import QtQuick.VirtualKeyboard.Components

KeyboardLayoutLoader { source: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Layouts/zh_CN/main.qml" }

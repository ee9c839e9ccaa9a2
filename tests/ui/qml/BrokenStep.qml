// Test-only step that fails to load (unknown type).
import QtQuick
Item { required property QtObject vm; NoSuchType {} }

// The toolbar's symbol picker: what the completer offers for typed text, what Enter and a
// chosen row emit, and the loading, failed and unlisted states. Set LIQMAP_SCREENSHOT_DIR to keep
// the rendered PNGs for a look.
#include "liqmap/gui/symbol_picker.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QImage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>
#include <cstdlib>  // std::getenv

namespace liqmap::gui {

class SymbolPickerTest : public QObject {
    Q_OBJECT

private:
    // In pickerSymbols() order. CONSOLUSDT (made up) has "sol" inside its name.
    static QStringList symbols() {
        return {QStringLiteral("BTCUSDT"),      QStringLiteral("BTCUSDC"),
                QStringLiteral("ETHUSDT"),      QStringLiteral("SOLUSDT"),
                QStringLiteral("SOLUSDC"),      QStringLiteral("XRPUSDT"),
                QStringLiteral("1000PEPEUSDT"), QStringLiteral("CONSOLUSDT")};
    }

    // The completions the completer offers for what is in the line edit, in order.
    static QStringList offered(SymbolPicker& picker) {
        QAbstractItemModel* model = picker.completer()->completionModel();
        QStringList result;
        for (int row = 0; row < model->rowCount(); ++row) {
            result.append(model->index(row, 0).data().toString());
        }
        return result;
    }

    static void typeText(SymbolPicker& picker, const QString& text) {
        picker.lineEdit()->clear();
        QTest::keyClicks(picker.lineEdit(), text);
    }

    // Saves `image` as NAME.png into $LIQMAP_SCREENSHOT_DIR when that is set.
    static void keep(const QImage& image, const char* name) {
        const char* dir = std::getenv("LIQMAP_SCREENSHOT_DIR");
        if (dir == nullptr) {
            return;
        }
        QVERIFY(image.save(QString::fromLocal8Bit(dir) + QLatin1Char('/') +
                           QString::fromLatin1(name) + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void completerMatchesAnywhereIgnoringCase() {
        SymbolPicker picker;
        picker.setSymbols(symbols(), QStringLiteral("BTCUSDT"));
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));

        // "sol" starts SOLUSDT and SOLUSDC and sits inside CONSOLUSDT; list order is kept.
        typeText(picker, QStringLiteral("sol"));
        QCOMPARE(offered(picker), (QStringList{QStringLiteral("SOLUSDT"), QStringLiteral("SOLUSDC"),
                                               QStringLiteral("CONSOLUSDT")}));
        // "usdc" ends the two USDC contracts only.
        typeText(picker, QStringLiteral("usdc"));
        QCOMPARE(offered(picker),
                 (QStringList{QStringLiteral("BTCUSDC"), QStringLiteral("SOLUSDC")}));
        // "PEPE" in upper case finds the multiplier name.
        typeText(picker, QStringLiteral("PEPE"));
        QCOMPARE(offered(picker), QStringList{QStringLiteral("1000PEPEUSDT")});
        typeText(picker, QStringLiteral("zzz"));
        QCOMPARE(offered(picker), QStringList());
    }

    void enterOnTypedTextEmitsItTrimmedAndUpperCased() {
        SymbolPicker picker;
        picker.setSymbols(symbols(), QStringLiteral("BTCUSDT"));
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);

        typeText(picker, QStringLiteral(" ethusdt "));
        picker.completer()->popup()->hide();  // Enter on the typed text, not on a completion
        QTest::keyClick(picker.lineEdit(), Qt::Key_Return);

        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("ETHUSDT"));
        QCOMPARE(picker.currentSymbol(), QStringLiteral("ETHUSDT"));
        QCOMPARE(picker.currentText(), QStringLiteral("ETHUSDT"));
        QCOMPARE(picker.currentIndex(), 2);
        QVERIFY(!picker.isUnlisted());

        // Enter again on the same symbol changes nothing and emits nothing.
        QTest::keyClick(picker.lineEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
    }

    void choosingARowOfTheListEmitsIt() {
        SymbolPicker picker;
        picker.setSymbols(symbols(), QStringLiteral("BTCUSDT"));
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);

        picker.showPopup();
        QAbstractItemView* list = picker.view();
        QVERIFY(QTest::qWaitForWindowExposed(list->window()));
        const QRect row = list->visualRect(list->model()->index(3, 0));  // SOLUSDT
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());

        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("SOLUSDT"));
        QCOMPARE(picker.currentSymbol(), QStringLiteral("SOLUSDT"));
    }

    void choosingACompletionEmitsIt() {
        SymbolPicker picker;
        picker.setSymbols(symbols(), QStringLiteral("BTCUSDT"));
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);

        typeText(picker, QStringLiteral("usdc"));
        QAbstractItemView* popup = picker.completer()->popup();
        QVERIFY(popup->isVisible());
        const QRect row = popup->visualRect(popup->model()->index(1, 0));  // SOLUSDC
        QTest::mouseClick(popup->viewport(), Qt::LeftButton, {}, row.center());

        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("SOLUSDC"));
        QCOMPARE(picker.currentText(), QStringLiteral("SOLUSDC"));
    }

    void unlistedSymbolIsAcceptedAndFlagged() {
        SymbolPicker picker;
        picker.setSymbols(symbols(), QStringLiteral("BTCUSDT"));
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);

        typeText(picker, QStringLiteral("newcoinusdt"));
        QTest::keyClick(picker.lineEdit(), Qt::Key_Return);

        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("NEWCOINUSDT"));
        QVERIFY(picker.isUnlisted());
        QCOMPARE(picker.toolTip(), QStringLiteral("NEWCOINUSDT is not in the exchange's symbol "
                                                  "list (the list may be out of date)."));
        // The list itself is the venue's: nothing typed was added to it.
        QCOMPARE(picker.count(), 8);
    }

    void listSpellingWinsOverUpperCase() {
        // Hyperliquid names a 1000-unit contract "kPEPE": typed "kpepe" must not become KPEPE.
        SymbolPicker picker;
        picker.setSymbols({QStringLiteral("BTC"), QStringLiteral("kPEPE")}, QStringLiteral("BTC"));
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);

        typeText(picker, QStringLiteral("kpepe"));
        picker.completer()->popup()->hide();
        QTest::keyClick(picker.lineEdit(), Qt::Key_Return);

        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("kPEPE"));
        QVERIFY(!picker.isUnlisted());
    }

    void settingTheListEmitsNothing() {
        SymbolPicker picker;
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);
        picker.setLoading(QStringLiteral("ethusdt"));
        picker.setSymbols(symbols(), QStringLiteral("ETHUSDT"));
        picker.setLoadFailed(QStringLiteral("timeout"), QStringLiteral("ETHUSDT"));
        QCOMPARE(chosen.count(), 0);
    }

    void loadingShowsTheCurrentSymbolAndADisabledLoadingRow() {
        SymbolPicker picker;
        picker.setLoading(QStringLiteral("BTCUSDT"));
        picker.resize(300, picker.sizeHint().height());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));

        QVERIFY(picker.isLoading());
        QCOMPARE(picker.count(), 2);
        QCOMPARE(picker.itemText(0), QStringLiteral("BTCUSDT"));
        QCOMPARE(picker.itemText(1), SymbolPicker::loadingText());
        auto* items = qobject_cast<QStandardItemModel*>(picker.model());
        QVERIFY(items != nullptr);
        QVERIFY(!items->item(1)->isEnabled());
        QCOMPARE(picker.currentText(), QStringLiteral("BTCUSDT"));
        QCOMPARE(picker.toolTip(), QStringLiteral("Loading the symbol list…"));
        QVERIFY(!picker.isUnlisted());
        QCOMPARE(picker.lineEdit()->actions().size(), 1);
        QVERIFY(picker.lineEdit()->actions().at(0)->isVisible());
        keep(picker.grab().toImage(), "symbol_picker_loading_300");
        picker.showPopup();
        keep(picker.view()->window()->grab().toImage(), "symbol_picker_loading_list");
        picker.hidePopup();

        // Typing still works while the list loads.
        QSignalSpy chosen(&picker, &SymbolPicker::symbolChosen);
        typeText(picker, QStringLiteral("solusdt"));
        QTest::keyClick(picker.lineEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("SOLUSDT"));

        // The list arrives: the loading row goes, the chosen symbol stays.
        picker.setSymbols(symbols(), picker.currentSymbol());
        QVERIFY(!picker.isLoading());
        QVERIFY(!picker.lineEdit()->actions().at(0)->isVisible());
        QCOMPARE(picker.count(), 8);
        QCOMPARE(picker.currentIndex(), 3);
        QCOMPARE(picker.currentText(), QStringLiteral("SOLUSDT"));
    }

    void failedLoadKeepsTheSymbolAndSaysWhy() {
        SymbolPicker picker;
        picker.setLoadFailed(QStringLiteral("exchangeInfo: timeout after 20000 ms"),
                             QStringLiteral("BTCUSDT"));
        QVERIFY(!picker.isLoading());
        QCOMPARE(picker.count(), 1);
        QCOMPARE(picker.currentText(), QStringLiteral("BTCUSDT"));
        QCOMPARE(picker.toolTip(),
                 QStringLiteral("The symbol list could not be loaded: exchangeInfo: timeout after "
                                "20000 ms\nType a symbol and press Enter."));
        QVERIFY(!picker.isUnlisted());
    }

    void rendersAtNormalAndNarrowWidth() {
        SymbolPicker picker;
        QStringList longList = symbols();
        longList.append(QStringLiteral("1000000BABYDOGEUSDT"));
        picker.setSymbols(longList, QStringLiteral("BTCUSDT"));
        // As a toolbar lays it out (a lone top-level combo gets no size from its hint).
        picker.resize(picker.sizeHint());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        const QImage normal = picker.grab().toImage();
        QVERIFY(!normal.isNull());
        keep(normal, "symbol_picker");

        typeText(picker, QStringLiteral("usdt"));
        QAbstractItemView* popup = picker.completer()->popup();
        QVERIFY(popup->isVisible());
        // The popup is at least as wide as the longest name it may show.
        QVERIFY(popup->width() >
                popup->fontMetrics().horizontalAdvance(QStringLiteral("1000000BABYDOGEUSDT")));
        keep(popup->grab().toImage(), "symbol_picker_completions");
        popup->hide();
        picker.showPopup();
        keep(picker.view()->window()->grab().toImage(), "symbol_picker_list");
        picker.hidePopup();

        picker.resize(300, picker.height());
        keep(picker.grab().toImage(), "symbol_picker_300");
        QCOMPARE(picker.width(), 300);
    }
};

}  // namespace liqmap::gui

QTEST_MAIN(liqmap::gui::SymbolPickerTest)
#include "symbol_picker_test.moc"

// The leverage-mix editor: what the table shows, the message for each kind of mistake, the
// buttons, the percent → weight rule, and that OK hands back the edited mix.
#include "liqmap/gui/leverage_mix_dialog.h"

#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <cmath>    // std::abs
#include <cstdlib>  // std::getenv

#include "liqmap/core/leverage_mix.h"
#include "support/widget_events.h"

namespace liqmap::gui {
namespace {

using test::maybeSave;

using core::LeverageMix;

QString qs(const char* text) { return QString::fromUtf8(text); }

QStringList column(const LeverageMixDialog& dialog, int column) {
    QStringList texts;
    for (int row = 0; row < dialog.table()->rowCount(); ++row) {
        texts << dialog.table()->item(row, column)->text();
    }
    return texts;
}

// What a user's edit does: the cell's text changes and the table reports it.
void setCell(const LeverageMixDialog& dialog, int row, int column, const char* text) {
    dialog.table()->item(row, column)->setText(qs(text));
}

void setShares(const LeverageMixDialog& dialog, const QStringList& shares) {
    for (int row = 0; row < static_cast<int>(shares.size()); ++row) {
        dialog.table()->item(row, LeverageMixDialog::kShareColumn)->setText(shares[row]);
    }
}

bool isTinted(const LeverageMixDialog& dialog, int row, int column) {
    return dialog.table()->item(row, column)->data(Qt::BackgroundRole).isValid();
}

// Three tiers, 20/30/50 %.
LeverageMix threeTiers() { return LeverageMix::parse("10:0.2,25:0.3,50:0.5"); }

}  // namespace

class LeverageMixDialogTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void opensWithTheMixItIsGiven() {
        const LeverageMixDialog dialog(LeverageMix::defaultMix());
        // defaultMix: 5/10/25/50/100x at 0.10/0.25/0.30/0.20/0.15.
        QCOMPARE(column(dialog, LeverageMixDialog::kLeverageColumn),
                 QStringList({qs("5x"), qs("10x"), qs("25x"), qs("50x"), qs("100x")}));
        QCOMPARE(column(dialog, LeverageMixDialog::kShareColumn),
                 QStringList(
                     {qs("10.00 %"), qs("25.00 %"), qs("30.00 %"), qs("20.00 %"), qs("15.00 %")}));
        QCOMPARE(dialog.totalText(), qs("Total: 100 %"));
        QCOMPARE(dialog.validationMessage(), QString());
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(dialog.mix().has_value());
        // The exact weights came through untouched, not via their two-decimal text.
        QCOMPARE(dialog.mix()->toString(), LeverageMix::defaultMix().toString());
        QCOMPARE(dialog.mix()->size(), std::size_t{5});
        for (std::size_t i = 0; i < 5; ++i) {
            QCOMPARE(dialog.mix()->tiers()[i].leverage,
                     LeverageMix::defaultMix().tiers()[i].leverage);
            QCOMPARE(dialog.mix()->tiers()[i].weight, LeverageMix::defaultMix().tiers()[i].weight);
        }
        // The buttons find by name, as the brief promises.
        for (const char* name : {"addTierButton", "removeTierButton", "spreadEvenlyButton",
                                 "scaleTo100Button", "resetButton", "okButton"}) {
            QVERIFY2(dialog.findChild<QPushButton*>(qs(name)) != nullptr, name);
        }
    }

    void sharesThatDoNotAddUpTo100DisableOk() {
        const LeverageMixDialog dialog(LeverageMix::defaultMix());
        // 10 → 5 on row 1: 5 + 25 + 30 + 20 + 15 = 95.
        setCell(dialog, 0, LeverageMixDialog::kShareColumn, "5");
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 95 %; they must add up to 100 %."));
        QCOMPARE(dialog.totalText(), qs("Total: 95 %"));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.mix().has_value());
        // Putting it back makes the mix valid again.
        setCell(dialog, 0, LeverageMixDialog::kShareColumn, "10");
        QCOMPARE(dialog.validationMessage(), QString());
        QVERIFY(dialog.okButton()->isEnabled());
        QCOMPARE(dialog.mix()->toString(), LeverageMix::defaultMix().toString());
    }

    void explainsEachMistakeInWords_data() {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QList<int>>("tintedRows");  // cells tinted, in `column`
        constexpr int lev = LeverageMixDialog::kLeverageColumn;
        constexpr int share = LeverageMixDialog::kShareColumn;
        // Rows of the default mix: 1 = 5x, 2 = 10x, 3 = 25x, 4 = 50x, 5 = 100x.
        QTest::newRow("duplicate leverage")
            << 3 << lev << qs("25") << qs("25x appears twice.") << QList<int>{2, 3};
        QTest::newRow("duplicate spelled with x")
            << 1 << lev << qs(" 100 X") << qs("100x appears twice.") << QList<int>{1, 4};
        QTest::newRow("leverage 1")
            << 2 << lev << qs("1") << qs("Leverage must be above 1x (row 3).") << QList<int>{2};
        QTest::newRow("leverage below 1")
            << 0 << lev << qs("0.5x") << qs("Leverage must be above 1x (row 1).") << QList<int>{0};
        QTest::newRow("leverage not a number")
            << 1 << lev << qs("ten") << qs("Row 2: not a number.") << QList<int>{1};
        QTest::newRow("leverage empty")
            << 4 << lev << qs("  ") << qs("Row 5: enter a leverage.") << QList<int>{4};
        QTest::newRow("share not a number")
            << 1 << share << qs("2,5") << qs("Row 2: not a number.") << QList<int>{1};
        QTest::newRow("share empty")
            << 4 << share << QString() << qs("Row 5: enter a share.") << QList<int>{4};
        // Checked per row before the total: 10 → −10 would also make the total 80.
        QTest::newRow("negative share")
            << 0 << share << qs("-10") << qs("Row 1: a share cannot be negative.") << QList<int>{0};
        // 110 + 25 + 30 + 20 + 15 = 200.
        QTest::newRow("share above 100")
            << 0 << share << qs("110 %")
            << qs("The shares add up to 200 %; they must add up to 100 %.") << QList<int>{};
    }

    void explainsEachMistakeInWords() {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, text);
        QFETCH(QString, message);
        QFETCH(QList<int>, tintedRows);
        const LeverageMixDialog dialog(LeverageMix::defaultMix());
        dialog.table()->item(row, column)->setText(text);
        QCOMPARE(dialog.validationMessage(), message);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.mix().has_value());
        // Exactly the cells the message is about are tinted (both copies of a repeat).
        QList<int> tintedInColumn;
        int tintedElsewhere = 0;
        for (int r = 0; r < dialog.table()->rowCount(); ++r) {
            if (isTinted(dialog, r, column)) {
                tintedInColumn << r;
            }
            tintedElsewhere += isTinted(dialog, r, 1 - column) ? 1 : 0;
        }
        QCOMPARE(tintedInColumn, tintedRows);
        QCOMPARE(tintedElsewhere, 0);
    }

    void cellsTakeTheUsualSpellings() {
        const LeverageMixDialog dialog(threeTiers());
        // "7.5 X" for 10x, ".5e2" for 50x (leading zero left out), shares with and without %.
        setCell(dialog, 0, LeverageMixDialog::kLeverageColumn, "7.5 X");
        setCell(dialog, 2, LeverageMixDialog::kLeverageColumn, ".5e2");
        setShares(dialog, {qs("20%"), qs(" 30 "), qs("50 %")});
        QCOMPARE(dialog.validationMessage(), QString());
        QCOMPARE(dialog.mix()->toString(), std::string("7.5:0.2,25:0.3,50:0.5"));
    }

    void noRowsAsksForATier() {
        LeverageMixDialog dialog(LeverageMix::defaultMix());
        for (int left = 5; left > 0; --left) {
            dialog.table()->selectRow(0);
            QVERIFY(dialog.removeTierButton()->isEnabled());
            QTest::mouseClick(dialog.removeTierButton(), Qt::LeftButton);
            QCOMPARE(dialog.table()->rowCount(), left - 1);
        }
        QCOMPARE(dialog.validationMessage(), qs("Add at least one tier."));
        QCOMPARE(dialog.totalText(), qs("Total: 0 %"));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.mix().has_value());
        QVERIFY(!dialog.removeTierButton()->isEnabled());
        QVERIFY(!dialog.spreadEvenlyButton()->isEnabled());
        QVERIFY(!dialog.scaleTo100Button()->isEnabled());
        QVERIFY(dialog.addTierButton()->isEnabled());
    }

    void addTierAppendsAnEmptyTierUpToEight() {
        LeverageMixDialog dialog(LeverageMix::defaultMix());
        QTest::mouseClick(dialog.addTierButton(), Qt::LeftButton);
        // Row 6: no leverage yet and a zero share.
        QCOMPARE(dialog.table()->rowCount(), 6);
        QCOMPARE(dialog.table()->item(5, 0)->text(), QString());
        QCOMPARE(dialog.table()->item(5, 1)->text(), qs("0.00 %"));
        QCOMPARE(dialog.validationMessage(), qs("Row 6: enter a leverage."));
        setCell(dialog, 5, 0, "125");
        QTest::mouseClick(dialog.addTierButton(), Qt::LeftButton);
        setCell(dialog, 6, 0, "2");
        QTest::mouseClick(dialog.addTierButton(), Qt::LeftButton);
        setCell(dialog, 7, 0, "3x");
        // Eight tiers, three of them at 0 %: valid, and no ninth from the button.
        QCOMPARE(dialog.table()->rowCount(), 8);
        QCOMPARE(dialog.validationMessage(), QString());
        QCOMPARE(dialog.mix()->toString(),
                 std::string("2:0,3:0,5:0.1,10:0.25,25:0.3,50:0.2,100:0.15,125:0"));
        QVERIFY(!dialog.addTierButton()->isEnabled());
        QTest::mouseClick(dialog.addTierButton(), Qt::LeftButton);
        QCOMPARE(dialog.table()->rowCount(), 8);
    }

    void nineRowsAreTooMany() {
        const LeverageMixDialog dialog(
            LeverageMix::parse("2:0,3:0,5:0.1,10:0.25,25:0.3,50:0.2,"
                               "100:0.15,125:0"));
        QTableWidget& table = *dialog.table();
        // A ninth row from outside the buttons (the table is the user's to edit).
        table.insertRow(8);
        table.setItem(8, 0, new QTableWidgetItem(qs("150x")));
        table.setItem(8, 1, new QTableWidgetItem(qs("0")));
        QCOMPARE(dialog.validationMessage(), qs("At most 8 tiers."));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.mix().has_value());
        table.removeRow(0);
        QCOMPARE(dialog.validationMessage(), QString());
        QVERIFY(dialog.okButton()->isEnabled());
    }

    void spreadEvenlyGivesEveryTierTheSameShare() {
        const LeverageMixDialog dialog(threeTiers());
        QTest::mouseClick(dialog.spreadEvenlyButton(), Qt::LeftButton);
        QCOMPARE(column(dialog, LeverageMixDialog::kShareColumn),
                 QStringList({qs("33.33 %"), qs("33.33 %"), qs("33.33 %")}));
        QCOMPARE(dialog.totalText(), qs("Total: 100 %"));
        QCOMPARE(dialog.validationMessage(), QString());
        QVERIFY(dialog.okButton()->isEnabled());
        // The exact third, not 0.3333 from the text (which would add up to 99.99 %).
        for (const core::LeverageTier& tier : dialog.mix()->tiers()) {
            QCOMPARE(tier.weight, 1.0 / 3);
        }
        // Typing over one share makes its text count: 50 + 33.33… + 33.33… = 116.67 %.
        setCell(dialog, 0, LeverageMixDialog::kShareColumn, "50");
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 116.67 %; they must add up to 100 %."));
    }

    void scaleTo100KeepsTheProportions() {
        const LeverageMixDialog dialog(threeTiers());
        setShares(dialog, {qs("20"), qs("20"), qs("40")});
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 80 %; they must add up to 100 %."));
        QVERIFY(dialog.scaleTo100Button()->isEnabled());
        QTest::mouseClick(dialog.scaleTo100Button(), Qt::LeftButton);
        // 20/80 = 0.25, 20/80 = 0.25, 40/80 = 0.5 (all exact in binary).
        QCOMPARE(column(dialog, LeverageMixDialog::kShareColumn),
                 QStringList({qs("25.00 %"), qs("25.00 %"), qs("50.00 %")}));
        QCOMPARE(dialog.validationMessage(), QString());
        QCOMPARE(dialog.mix()->toString(), std::string("10:0.25,25:0.25,50:0.5"));
        // Nothing to scale while a share is not a number or all are zero.
        setCell(dialog, 1, LeverageMixDialog::kShareColumn, "x");
        QVERIFY(!dialog.scaleTo100Button()->isEnabled());
        setShares(dialog, {qs("0"), qs("0"), qs("0")});
        QVERIFY(!dialog.scaleTo100Button()->isEnabled());
    }

    void resetGoesBackToTheDefault() {
        const LeverageMixDialog dialog(threeTiers());
        setCell(dialog, 1, LeverageMixDialog::kLeverageColumn, "nonsense");
        QTest::mouseClick(dialog.resetButton(), Qt::LeftButton);
        QCOMPARE(dialog.table()->rowCount(), 5);
        QCOMPARE(dialog.validationMessage(), QString());
        QCOMPARE(dialog.mix()->toString(), LeverageMix::defaultMix().toString());
    }

    void sharesThatAddUpTo100InPercentAreAccepted() {
        const LeverageMixDialog dialog(threeTiers());
        // 33.33 + 33.33 + 33.34 = 100.00: the weights 0.3333 + 0.3333 + 0.3334 already pass the
        // 1e-9 check, so they stay exactly percent / 100.
        setShares(dialog, {qs("33.33"), qs("33.33"), qs("33.34")});
        QCOMPARE(dialog.validationMessage(), QString());
        QCOMPARE(dialog.totalText(), qs("Total: 100 %"));
        // Each read once from its decimal text (33.33 → 0.3333), not 33.33 / 100.
        QCOMPARE(dialog.mix()->tiers()[0].weight, 0.3333);
        QCOMPARE(dialog.mix()->tiers()[2].weight, 0.3334);
        const std::string text = dialog.mix()->toString();
        QCOMPARE(text, std::string("10:0.3333,25:0.3333,50:0.3334"));
        const LeverageMix reread = LeverageMix::parse(text);
        QCOMPARE(reread.toString(), text);
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(reread.tiers()[i].weight, dialog.mix()->tiers()[i].weight);
        }

        // 33.333 × 3 = 99.999 %, 0.001 from 100 (≤ 0.005): the weights 0.33333 each sum to
        // 0.99999, which the constructor rejects, so they are rescaled to 0.33333 / 0.99999 —
        // a third each, up to rounding.
        setShares(dialog, {qs("33.333"), qs("33.333"), qs("33.333")});
        QCOMPARE(dialog.validationMessage(), QString());
        QCOMPARE(dialog.totalText(), qs("Total: 100 %"));
        const auto& tiers = dialog.mix()->tiers();
        QCOMPARE(tiers[0].weight, tiers[1].weight);
        QCOMPARE(tiers[1].weight, tiers[2].weight);
        QVERIFY(std::abs(tiers[0].weight - 1.0 / 3) < 1e-15);
        QVERIFY(std::abs(tiers[0].weight + tiers[1].weight + tiers[2].weight - 1) < 1e-15);
        QCOMPARE(LeverageMix::parse(dialog.mix()->toString()).toString(), dialog.mix()->toString());

        // 100.004 % is within 0.005 and accepted; 100.006 % and 99.99 % are not.
        setShares(dialog, {qs("33.33"), qs("33.33"), qs("33.344")});
        QCOMPARE(dialog.validationMessage(), QString());
        setShares(dialog, {qs("33.33"), qs("33.33"), qs("33.346")});
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 100.01 %; they must add up to 100 %."));
        setShares(dialog, {qs("33.33"), qs("33.33"), qs("33.33")});
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 99.99 %; they must add up to 100 %."));
        QCOMPARE(dialog.totalText(), qs("Total: 99.99 %"));
    }

    void okAcceptsTheEditedMix() {
        LeverageMixDialog dialog(LeverageMix::defaultMix());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // An invalid mix: OK is disabled, and even a direct accept() does nothing.
        setCell(dialog, 0, LeverageMixDialog::kLeverageColumn, "10");
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        dialog.accept();
        QCOMPARE(accepted.count(), 0);
        QVERIFY(dialog.isVisible());
        // 5x → 7x.
        setCell(dialog, 0, LeverageMixDialog::kLeverageColumn, "7");
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.mix()->toString(), std::string("7:0.1,10:0.25,25:0.3,50:0.2,100:0.15"));
    }

    void typingUpdatesTheMessageAtEachKeystroke() {
        LeverageMixDialog dialog(LeverageMix::defaultMix());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTableWidget& table = *dialog.table();
        table.setCurrentCell(0, LeverageMixDialog::kShareColumn);
        table.editItem(table.item(0, LeverageMixDialog::kShareColumn));
        auto* editor = table.viewport()->findChild<QLineEdit*>();
        QVERIFY(editor != nullptr);
        editor->selectAll();
        QTest::keyClick(editor, Qt::Key_5);
        // The editor is still open and the message already counts the 5: total 95 %.
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 95 %; they must add up to 100 %."));
        QVERIFY(!dialog.okButton()->isEnabled());
        // The cursor stays where the user types (after "5", not pushed to the end by the
        // update): typing "1" at the start gives "15".
        editor->setCursorPosition(0);
        QTest::keyClick(editor, Qt::Key_1);
        QCOMPARE(editor->text(), qs("15"));
        QCOMPARE(editor->cursorPosition(), 1);
        QCOMPARE(dialog.validationMessage(),
                 qs("The shares add up to 105 %; they must add up to 100 %."));
        QTest::keyClick(editor, Qt::Key_Delete);  // "15" → "1" with the cursor after the 1
        QTest::keyClick(editor, Qt::Key_0);       // → "10": 100 % again
        QCOMPARE(dialog.validationMessage(), QString());
        QVERIFY(dialog.okButton()->isEnabled());
        // Enter finishes the cell; it does not close the dialog.
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(accepted.count(), 0);
        QVERIFY(dialog.isVisible());
        QCOMPARE(table.item(0, LeverageMixDialog::kShareColumn)->text(), qs("10"));
        QCOMPARE(dialog.mix()->toString(), LeverageMix::defaultMix().toString());
    }

    void venueCapWarnsWithoutBlocking() {
        LeverageMixDialog dialog(LeverageMix::defaultMix());
        QCOMPARE(dialog.warningText(), QString());
        dialog.setMaxLeverage(50, qs("Binance"), qs("BTCUSDT"));
        // 100x is above 50x; 50x itself is allowed.
        QCOMPARE(dialog.warningText(),
                 qs("Binance caps BTCUSDT at 50x; tiers above are rejected by the estimator "
                    "(100x)."));
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(dialog.mix().has_value());
        dialog.setMaxLeverage(125);
        QCOMPARE(dialog.warningText(), QString());
        setCell(dialog, 3, LeverageMixDialog::kLeverageColumn, "150");
        QCOMPARE(dialog.warningText(),
                 qs("This market caps leverage at 125x; tiers above are rejected by the "
                    "estimator (150x)."));
        dialog.setMaxLeverage(0);
        QCOMPARE(dialog.warningText(), QString());
    }

    void rendersAtNormalAndNarrowWidths() {
        // Screenshots for people to look at (LIQMAP_SCREENSHOT_DIR); here only the sizes.
        LeverageMixDialog dialog(LeverageMix::defaultMix());
        dialog.setMaxLeverage(75, qs("Binance"), qs("ETHUSDT"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        maybeSave(dialog.grab().toImage(), "mix_dialog_default");
        setCell(dialog, 2, LeverageMixDialog::kLeverageColumn, "10");
        dialog.resize(300, 460);
        QCoreApplication::processEvents();
        QCOMPARE(dialog.width(), 300);
        maybeSave(dialog.grab().toImage(), "mix_dialog_narrow_error");
    }
};

}  // namespace liqmap::gui

QTEST_MAIN(liqmap::gui::LeverageMixDialogTest)
#include "leverage_mix_dialog_test.moc"

package dev.parallax.ui.cost;

import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.PriceTable;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.report.CostStudy;
import dev.parallax.report.ReportFixture;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cost screen's logic over a real H2 history, without the toolkit. */
class CostViewModelTest {

    private HistoryDatabase db;
    private CostViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        db = HistoryDatabase.inMemory();
        ReportFixture.populate(db, 10, i -> "Paris " + i);
        LocalCostModel settings = new LocalCostModel(65, new BigDecimal("0.30"), new BigDecimal("1500"), 8760);
        CostStudy study = new CostStudy(new BatchRepository(db), new DatasetRepository(db), new RunRepository(db),
                PriceTable.bundled(), () -> settings);
        vm = new CostViewModel(() -> study, PriceTable::bundled, new CurrentThreadTaskExecutor());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aBatchFillsTheInputsFromSettingsAndMeasurements() {
        vm.refresh();
        assertEquals(2, vm.sources().size(), "the batch and the dataset");
        assertNotNull(vm.sourceProperty().get());
        assertEquals("1500", vm.hardwareUsdProperty().get());
        assertEquals("36", vm.lifetimeMonthsProperty().get());
        assertEquals("42.5", vm.powerWattsProperty().get(), "RAPL's measured watts win over the settings'");
        assertTrue(vm.powerSourceProperty().get().contains("RAPL"));
        assertEquals("33.3", vm.utilisationPercentProperty().get());
        assertEquals(1, vm.clouds().size());
        assertEquals("openai:gpt-4o-mini", vm.clouds().get(0).target());
        assertNotNull(vm.estimateProperty().get());
        assertEquals(37, vm.estimateProperty().get().localCumulativeUsd().size());
        assertTrue(vm.localTextProperty().get().contains("per 1M tokens"));
        assertTrue(!vm.assumptions().isEmpty());
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void editingAnInputRecomputesAndABadOneSaysWhy() {
        vm.refresh();
        vm.promptsPerMonthProperty().set("5000000");
        vm.hardwareUsdProperty().set("0");
        assertEquals("month 1", vm.clouds().get(0).breakEven());
        vm.powerWattsProperty().set("120");
        assertEquals("entered", vm.powerSourceProperty().get());
        vm.lifetimeMonthsProperty().set("twelve");
        assertTrue(vm.errorProperty().get().contains("Lifetime: enter a number"), vm.errorProperty().get());
        assertNull(vm.estimateProperty().get());
        assertTrue(vm.clouds().isEmpty());
        vm.lifetimeMonthsProperty().set("12");
        assertEquals("", vm.errorProperty().get());
        assertEquals(13, vm.estimateProperty().get().localCumulativeUsd().size());
        vm.extraCloudProperty().set("openai:gpt-4o");
        assertEquals(2, vm.clouds().size());
        vm.extraCloudProperty().set("acme:nothing");
        assertTrue(vm.errorProperty().get().contains("no price for acme:nothing"));
    }
}

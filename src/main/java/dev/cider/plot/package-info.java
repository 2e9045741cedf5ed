/** Headless XChart charts for the study ({@link dev.cider.plot.Charts}); PNG export is atomic. */
package dev.cider.plot;

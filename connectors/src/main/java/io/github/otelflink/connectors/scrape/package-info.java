/**
 * A Prometheus scrape receiver, like the Collector's {@code prometheus} receiver with static
 * targets: {@link io.github.otelflink.connectors.scrape.ScrapeSource} (the Flink source), {@link
 * io.github.otelflink.connectors.scrape.ScrapeOptions} / {@link
 * io.github.otelflink.connectors.scrape.ScrapeTarget} (configuration), {@link
 * io.github.otelflink.connectors.scrape.Scraper} (one target's scrapes, series tracking and
 * staleness) and {@link io.github.otelflink.connectors.scrape.PrometheusTextParser} (text format
 * 0.0.4 to OTLP).
 */
package io.github.otelflink.connectors.scrape;

// Package tradeload loads statistics into the store: trade data (a CEPII
// BACI yearly file or a UN Comtrade extract, streamed, checked and
// aggregated; internal/trade reads them) and the export tables BPS
// publishes for a province (internal/exportstats reads them). The market
// ranking and the statistics pages read what it loads.
package tradeload

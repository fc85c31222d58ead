import Metrics
import Prometheus
import SolStakeAPI

/// swift-metrics bootstrapped once for the whole test process, into one Prometheus registry.
public enum TestMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(DocumentedMetricsFactory(registry: registry))
        return registry
    }()
}

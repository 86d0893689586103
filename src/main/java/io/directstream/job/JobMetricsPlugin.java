package io.directstream.job;

import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin ({@code spark.plugins}, which the job sets itself) whose driver side registers {@link JobMetrics} in
 * Spark's metrics system, as the source {@code plugin.io.directstream.job.JobMetricsPlugin}: metric names such as
 * {@code <app-id>.driver.plugin.io.directstream.job.JobMetricsPlugin.records}.
 */
public final class JobMetricsPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public Map<String, String> init(SparkContext sc, PluginContext ctx) {
                return Map.of();
            }

            @Override
            public void registerMetrics(String appId, PluginContext ctx) {
                JobMetrics.get().register(ctx.metricRegistry());
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return null;
    }
}

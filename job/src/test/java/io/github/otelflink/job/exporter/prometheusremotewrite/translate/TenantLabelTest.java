package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.gauge;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.intPoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant routing in translation: the resource's tenant as the routing label of every series. */
class TenantLabelTest {
    private static final TenantSource TENANTS = new TenantSource("tenant.id", "anonymous", false);

    private static List<Emitted> translate(TranslationConfig config, TenantSource tenants, ResourceMetrics... rms) {
        OtlpTranslator translator = new OtlpTranslator(config, tenants);
        List<Emitted> out = new ArrayList<>();
        for (ResourceMetrics rm : rms) {
            translator.translate(rm, (series, delta) -> out.add(new Emitted(series, delta)));
        }
        return out;
    }

    private static List<String> lines(TranslationConfig config, TenantSource tenants, ResourceMetrics... rms) {
        return Emitted.lines(translate(config, tenants, rms));
    }

    @Test
    void sameLabelsInTwoTenantsAreTwoSeriesAndAResourceWithoutTheAttributeGetsTheDefault() {
        List<Emitted> out = translate(TranslationConfig.defaults().withTargetInfoEnabled(false), TENANTS,
                resource(attrs("tenant.id", "team-a", "service.name", "cart"), gauge("up", "", intPoint(1, "k", "v"))),
                resource(attrs("tenant.id", "team-b", "service.name", "cart"), gauge("up", "", intPoint(1, "k", "v"))),
                resource(attrs("service.name", "cart"), gauge("up", "", intPoint(1, "k", "v"))));
        assertThat(Emitted.lines(out)).containsExactly(
                "up{__tenant_id__=\"team-a\",job=\"cart\",k=\"v\"} 1 @1700000000000",
                "up{__tenant_id__=\"team-b\",job=\"cart\",k=\"v\"} 1 @1700000000000",
                "up{__tenant_id__=\"anonymous\",job=\"cart\",k=\"v\"} 1 @1700000000000");
        assertThat(out.get(0).series().labels().fingerprint()).as("the tenant is part of the identity")
                .isNotEqualTo(out.get(1).series().labels().fingerprint());
        assertThat(out.get(0).series().labels().isSorted()).isTrue();
    }

    @Test
    void aTenantFromTheRequestsMetadataLabelsEveryResourceOfThatRequestAndLeavesAttributesAlone() {
        TenantSource fromContext = TenantSource.fromContext("x-scope-orgid", "anonymous");
        OtlpTranslator translator = new OtlpTranslator(TranslationConfig.defaults().withTargetInfoEnabled(false)
                .withResourceToTelemetryConversion(true), fromContext);
        List<Emitted> out = new ArrayList<>();
        ResourceMetrics rm = resource(attrs("tenant.id", "not-me"), gauge("up", "", intPoint(1)));

        translator.beginRequest(fromContext.requestTenant(List.of("team-a")));
        translator.translate(rm, (series, delta) -> out.add(new Emitted(series, delta)));
        translator.beginRequest(fromContext.requestTenant(List.of()));
        translator.translate(rm, (series, delta) -> out.add(new Emitted(series, delta)));

        assertThat(Emitted.lines(out)).containsExactly(
                "up{__tenant_id__=\"team-a\",tenant_id=\"not-me\"} 1 @1700000000000",
                "up{__tenant_id__=\"anonymous\",tenant_id=\"not-me\"} 1 @1700000000000");
    }

    @Test
    void theRequestTenantIsTheDefaultWithoutAValueAndNoValidTenantWithSeveral() {
        TenantSource fromContext = TenantSource.fromContext("x-scope-orgid", "fallback");
        assertThat(fromContext.requestTenant(List.of())).isEqualTo("fallback");
        assertThat(fromContext.requestTenant(List.of(""))).isEqualTo("fallback");
        assertThat(fromContext.requestTenant(List.of("team-a"))).isEqualTo("team-a");
        // Several values: joined as HTTP joins them, which the sink refuses as invalid_tenant (it has a space).
        assertThat(fromContext.requestTenant(List.of("team-a", "team-b"))).isEqualTo("team-a, team-b");
        assertThat(io.github.otelflink.sink.remotewrite.TenantRouting.isValidTenant("team-a, team-b")).isFalse();
    }

    @Test
    void theAttributeIsNotALabelUnlessKept() {
        TranslationConfig toTelemetry = TranslationConfig.defaults().withTargetInfoEnabled(false)
                .withResourceToTelemetryConversion(true);
        ResourceMetrics rm = resource(attrs("tenant.id", "team-a", "region", "eu"), gauge("up", "", intPoint(1)));
        assertThat(lines(toTelemetry, TENANTS, rm))
                .containsExactly("up{__tenant_id__=\"team-a\",region=\"eu\"} 1 @1700000000000");
        assertThat(lines(toTelemetry, new TenantSource("tenant.id", "anonymous", true), rm))
                .containsExactly("up{__tenant_id__=\"team-a\",region=\"eu\",tenant_id=\"team-a\"} 1 @1700000000000");
    }

    @Test
    void targetInfoGoesToTheResourcesTenantWithoutTheAttribute() {
        ResourceMetrics only = resource(attrs("tenant.id", "team-a", "service.name", "cart"), gauge("up", "", intPoint(1)));
        assertThat(lines(TranslationConfig.defaults(), TENANTS, only)).as("nothing else to describe: no target_info")
                .containsExactly("up{__tenant_id__=\"team-a\",job=\"cart\"} 1 @1700000000000");
        ResourceMetrics more = resource(attrs("tenant.id", "team-a", "service.name", "cart", "region", "eu"),
                gauge("up", "", intPoint(1)));
        assertThat(lines(TranslationConfig.defaults(), TENANTS, more)).containsExactly(
                "up{__tenant_id__=\"team-a\",job=\"cart\"} 1 @1700000000000",
                "target_info{__tenant_id__=\"team-a\",job=\"cart\",region=\"eu\"} 1 @1700000000000");
    }

    @Test
    void aPointAttributeCannotNameAnotherTenant() {
        assertThat(lines(TranslationConfig.defaults(), TENANTS,
                resource(attrs("tenant.id", "team-a"), gauge("up", "", intPoint(1, "__tenant_id__", "team-b")))))
                .containsExactly("up{__tenant_id__=\"team-a\"} 1 @1700000000000");
    }

    @Test
    void withoutRoutingNothingChanges() {
        ResourceMetrics rm = resource(attrs("tenant.id", "team-a", "service.name", "cart"), gauge("up", "", intPoint(1)));
        assertThat(lines(TranslationConfig.defaults().withTargetInfoEnabled(false), null, rm))
                .containsExactly("up{job=\"cart\"} 1 @1700000000000");
    }
}

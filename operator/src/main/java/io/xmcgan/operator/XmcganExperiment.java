package io.xmcgan.operator;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.validation.ExperimentValidator;

/**
 * One XMC-GAN training run: {@code kubectl get xmc} lists them with their phase, step, progress and
 * best FID. The spec and status classes are core's, shared with the images and the local runner.
 */
@Group(ExperimentManifest.GROUP)
@Version(ExperimentManifest.VERSION)
@Kind(ExperimentManifest.KIND)
@Plural("xmcganexperiments")
@Singular("xmcganexperiment")
@ShortNames("xmc")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Step",
    jsonPath = ".status.progress.step",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".status.progress.percent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Best FID",
    jsonPath = ".status.evaluation.best.fid",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Total",
    jsonPath = ".status.progress.totalSteps",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Img/s",
    jsonPath = ".status.progress.imagesPerSecond",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "ETA(s)",
    jsonPath = ".status.progress.etaSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Checkpoint",
    jsonPath = ".status.checkpoint.step",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Restarts",
    jsonPath = ".status.checkpoint.restarts",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Latest FID",
    jsonPath = ".status.evaluation.latest.fid",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Serving",
    jsonPath = ".status.serving.step",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".status.serving.url",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@ValidationRule(
    value = "self.metadata.name.size() <= " + ExperimentValidator.MAX_NAME_LENGTH,
    message =
        "metadata.name must be at most "
            + ExperimentValidator.MAX_NAME_LENGTH
            + " characters: the operator derives child names from it")
@SchemaCustomizer(CrdSchema.class)
public class XmcganExperiment extends CustomResource<ExperimentSpec, ExperimentStatus>
    implements Namespaced {}

// The page of `xmcgan serve` (docs/serving.md): plain DOM code against the JSON API, no build step.
"use strict";

const $ = (id) => document.getElementById(id);

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
  children.forEach((child) => node.append(child));
  return node;
}

async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

async function loadModel() {
  try {
    const { model, limits } = await getJson("/v1/model");
    $("experiment").textContent = model.experiment;
    const scores = model.metrics
      ? `, FID ${model.metrics.fid.toFixed(2)}, IS ${model.metrics.inceptionScore.toFixed(2)}`
      : ", not evaluated";
    $("model").textContent =
      `checkpoint step ${model.step} (${model.checkpointPolicy})${scores}; ` +
      `preset ${model.preset}, ${model.imageSize} px, text encoder ${model.textEncoder}`;
    $("images-per-caption").max = limits.maxImagesPerCaption;
    $("captions").maxLength = limits.maxCaptions * (limits.maxCaptionChars + 1);
  } catch (error) {
    $("model").textContent = `model not ready: ${error.message}`;
    setTimeout(loadModel, 2000);
  }
}

async function loadGallery() {
  const gallery = $("gallery");
  try {
    const { checkpoints, servedStep } = await getJson("/v1/samples");
    gallery.replaceChildren();
    if (checkpoints.length === 0) {
      gallery.append(element("p", {}, "no checkpoint has been evaluated yet"));
      return;
    }
    checkpoints
      .slice()
      .reverse()
      .forEach((c) => {
        const served = c.step === servedStep ? " (served)" : "";
        gallery.append(
          element(
            "figure",
            { class: "sample", "data-step": c.step },
            element("img", { src: c.image, alt: `samples of step ${c.step}` }),
            element(
              "figcaption",
              {},
              `step ${c.step}${served}: FID ${c.fid.toFixed(2)}, IS ${c.inceptionScore.toFixed(2)}`
            )
          )
        );
      });
  } catch (error) {
    gallery.replaceChildren(element("p", {}, `cannot load the gallery: ${error.message}`));
  }
}

function showResults(body) {
  const results = $("results");
  results.replaceChildren(
    element(
      "p",
      { class: "provenance" },
      `checkpoint step ${body.checkpointStep}, seed ${body.seed}`
    )
  );
  body.results.forEach((row) => {
    const images = row.images.map((png, index) =>
      element("img", {
        class: "generated",
        src: `data:image/png;base64,${png}`,
        alt: `${row.caption} (${index + 1})`,
      })
    );
    results.append(
      element("div", { class: "row" }, element("p", { class: "caption" }, row.caption), ...images)
    );
  });
}

async function generate(event) {
  event.preventDefault();
  const captions = $("captions")
    .value.split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const request = { captions, imagesPerCaption: Number($("images-per-caption").value) };
  const seed = $("seed").value.trim();
  if (seed !== "") {
    request.seed = Number(seed);
  }
  $("generate").disabled = true;
  $("status").textContent = "generating…";
  try {
    const response = await fetch("/v1/generate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
    const body = await response.json();
    if (!response.ok) {
      const retry = response.headers.get("Retry-After");
      const field = body.field ? ` (${body.field})` : "";
      const later = retry ? `; retry in ${retry} s` : "";
      $("status").textContent = `error${field}: ${body.error}${later}`;
      return;
    }
    $("status").textContent = "";
    showResults(body);
  } catch (error) {
    $("status").textContent = `error: ${error.message}`;
  } finally {
    $("generate").disabled = false;
  }
}

$("generate-form").addEventListener("submit", generate);
loadModel();
loadGallery();

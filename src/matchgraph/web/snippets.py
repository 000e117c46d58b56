"""A short request for one offer, written in the style of that host's API.

The model id is the host's own key for the offer. Hosts whose API shape is well known get a ``curl`` in
that shape; any other LiteLLM-sourced offer gets the LiteLLM call that its record key already names, so a
snippet never guesses an endpoint."""

from __future__ import annotations

import json
from typing import Any

# Hosts that serve the OpenAI request shape, with their base URL and the variable holding the key.
OPENAI_STYLE = {
    "openai": ("https://api.openai.com/v1", "OPENAI_API_KEY"),
    "groq": ("https://api.groq.com/openai/v1", "GROQ_API_KEY"),
    "together": ("https://api.together.xyz/v1", "TOGETHER_API_KEY"),
    "fireworks": ("https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY"),
    "deepinfra": ("https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY"),
    "mistral": ("https://api.mistral.ai/v1", "MISTRAL_API_KEY"),
    "xai": ("https://api.x.ai/v1", "XAI_API_KEY"),
    "deepseek": ("https://api.deepseek.com", "DEEPSEEK_API_KEY"),
    "perplexity": ("https://api.perplexity.ai", "PERPLEXITY_API_KEY"),
    "cerebras": ("https://api.cerebras.ai/v1", "CEREBRAS_API_KEY"),
    "openrouter": ("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
}
PROMPT = "Hello"


def _body(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def _curl(url: str, headers: list[str], data: dict[str, Any]) -> str:
    lines = [f"curl {url}"] + [f'  -H "{h}"' for h in headers] + [f"  -d '{_body(data)}'"]
    return " \\\n".join(lines)


def snippet(offer: dict[str, Any]) -> dict[str, str]:
    """``{"style", "code"}`` for an offer (``host``, ``host_key``, ``key``, ``source``, ``mode``)."""
    host = str(offer.get("host") or "")
    model = str(offer.get("host_key") or offer.get("key") or "")
    mode = str(offer.get("mode") or "chat")
    if host in OPENAI_STYLE:
        base, var = OPENAI_STYLE[host]
        headers = [f"Authorization: Bearer ${var}", "Content-Type: application/json"]
        if mode == "embedding":
            return {"style": "OpenAI-compatible embeddings",
                    "code": _curl(f"{base}/embeddings", headers, {"model": model, "input": PROMPT})}
        if mode == "image_generation":
            return {"style": "OpenAI-compatible images",
                    "code": _curl(f"{base}/images/generations", headers, {"model": model, "prompt": "a red bicycle"})}
        return {"style": "OpenAI-compatible chat completions",
                "code": _curl(f"{base}/chat/completions", headers,
                              {"model": model, "messages": [{"role": "user", "content": PROMPT}]})}
    if host == "anthropic" and mode == "chat":
        return {"style": "Anthropic Messages API", "code": _curl(
            "https://api.anthropic.com/v1/messages",
            ["x-api-key: $ANTHROPIC_API_KEY", "anthropic-version: 2023-06-01", "content-type: application/json"],
            {"model": model, "max_tokens": 256, "messages": [{"role": "user", "content": PROMPT}]})}
    if host == "gemini" and mode == "chat":
        return {"style": "Gemini API generateContent", "code": _curl(
            f"https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent",
            ["x-goog-api-key: $GEMINI_API_KEY", "Content-Type: application/json"],
            {"contents": [{"parts": [{"text": PROMPT}]}]})}
    if host == "bedrock" and mode == "chat":
        messages = _body([{"role": "user", "content": [{"text": PROMPT}]}])  # type: ignore[arg-type]
        return {"style": "Amazon Bedrock Converse (AWS CLI)",
                "code": f"aws bedrock-runtime converse \\\n  --model-id {model} \\\n  --messages '{messages}'"}
    if host == "ollama":
        return {"style": "Ollama (runs locally)", "code": f"ollama run {model}"}
    if host == "fal":
        return {"style": "fal HTTP API", "code": _curl(
            f"https://fal.run/{model}", ["Authorization: Key $FAL_KEY", "Content-Type: application/json"],
            {"prompt": "a red bicycle"})}
    if offer.get("source") == "litellm" and offer.get("key"):
        call = {"embedding": "embedding(model={k!r}, input=[{p!r}])",
                "image_generation": "image_generation(model={k!r}, prompt='a red bicycle')"}.get(
            mode, "completion(model={k!r}, messages=[{{'role': 'user', 'content': {p!r}}}])")
        name = call.split("(", 1)[0]
        return {"style": "LiteLLM (Python)",
                "code": f"from litellm import {name}\n\n{call.format(k=offer['key'], p=PROMPT)}"}
    return {"style": "model id", "code": model}

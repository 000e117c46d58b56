"""Host and organization tables used to resolve LiteLLM keys to artifacts.

A *host* is who serves a model (the LiteLLM ``litellm_provider``, normalised); an *organization*
is who made it. The tables here only hold facts about names: which provider strings mean the same
host, which namespaces in model paths name which creator, and which hosts are themselves the
creator of the models they serve.
"""

from __future__ import annotations

import re

from matchgraph.catalog.names import slug_part

# LiteLLM provider strings that are sub-catalogs of one host, or spelled unlike the host's name.
HOST_ALIASES: dict[str, str] = {
    "fireworks_ai": "fireworks",
    "fireworks_ai-embedding-models": "fireworks",
    "fal_ai": "fal",
    "together_ai": "together",
    "black_forest_labs": "black-forest-labs",
    "bedrock_converse": "bedrock",
    "bedrock_mantle": "bedrock",
    "azure_text": "azure",
    "azure_ai": "azure-ai",
    "text-completion-openai": "openai",
    "text-completion-codestral": "mistral",
    "codestral": "mistral",
    "text-completion-inception": "inception",
    "cohere_chat": "cohere",
    "vercel_ai_gateway": "vercel",
    "amazon_nova": "amazon-nova",
    "meta_llama": "meta-llama-api",
    "jina_ai": "jina",
    "exa_ai": "exa",
    "parallel_ai": "parallel",
    "gradient_ai": "gradient",
    "lambda_ai": "lambda",
    "featherless_ai": "featherless",
    "xiaomi_mimo": "xiaomi-mimo",
    "moonshot": "moonshot",
    "zai": "z-ai",
}

# Provider strings that are sections of Vertex AI (``vertex_ai-anthropic_models`` and the like).
_VERTEX = re.compile(r"^vertex_ai(?:[-_].*)?$")

# Hosts that created the models they serve, with the creator's organization name. Used only
# when nothing in the model name or path names the creator.
HOST_CREATORS: dict[str, str] = {
    "openai": "openai",
    "azure": "microsoft",
    "azure-ai": "microsoft",
    "anthropic": "anthropic",
    "gemini": "google",
    "vertex-ai": "google",
    "mistral": "mistralai",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "xai": "x-ai",
    "moonshot": "moonshotai",
    "z-ai": "z-ai",
    "bigmodel": "z-ai",
    "minimax": "minimax",
    "ai21": "ai21",
    "voyage": "voyage",
    "jina": "jina",
    "deepgram": "deepgram",
    "elevenlabs": "elevenlabs",
    "assemblyai": "assemblyai",
    "soniox": "soniox",
    "stability": "stability-ai",
    "black-forest-labs": "black-forest-labs",
    "recraft": "recraft",
    "perplexity": "perplexity",
    "amazon-nova": "amazon",
    "bedrock": "amazon",
    "aws-polly": "amazon",
    "transcribe": "amazon",
    "dashscope": "alibaba",
    "qwen-ai-platform": "alibaba",
    "qwencloud": "alibaba",
    "volcengine": "bytedance",
    "gigachat": "sber",
    "meta": "meta",
    "meta-llama-api": "meta-llama",
    "runwayml": "runway",
    "xiaomi-mimo": "xiaomi",
    "cognition": "cognition",
    "inception": "inception",
    "tencent": "tencent",
    "sarvam": "sarvam",
    "reducto": "reducto",
    "watsonx": "ibm",
    "microsoft-365-copilot": "microsoft",
    "github-copilot": "github",
    "v0": "vercel",
    "nvidia-nim": "nvidia",
}

# Namespaces seen in model paths (``deepinfra/meta-llama/...``, ``bedrock/anthropic.claude...``)
# mapped to the creator's canonical organization name.
NAMESPACE_ORGS: dict[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "google",
    "meta-llama": "meta-llama",
    "meta": "meta",
    "meta-models": "meta",
    "facebook": "meta",
    "codellama": "meta-llama",
    "qwen": "qwen",
    "alibaba": "alibaba",
    "deepseek-ai": "deepseek",
    "deepseek": "deepseek",
    "mistralai": "mistralai",
    "mistral": "mistralai",
    "moonshotai": "moonshotai",
    "moonshot": "moonshotai",
    "zai-org": "z-ai",
    "zai": "z-ai",
    "z-ai": "z-ai",
    "thudm": "z-ai",
    "minimaxai": "minimax",
    "minimax": "minimax",
    "nvidia": "nvidia",
    "xai": "x-ai",
    "x-ai": "x-ai",
    "amazon": "amazon",
    "cohere": "cohere",
    "ai21": "ai21",
    "stability": "stability-ai",
    "stabilityai": "stability-ai",
    "black-forest-labs": "black-forest-labs",
    "bytedance": "bytedance",
    "microsoft": "microsoft",
    "ibm": "ibm",
    "ibm-granite": "ibm",
    "baai": "baai",
    "nomic-ai": "nomic-ai",
    "intfloat": "intfloat",
    "nousresearch": "nousresearch",
    "xiaomimimo": "xiaomi",
    "xiaomi": "xiaomi",
    "tencent": "tencent",
    "stepfun-ai": "stepfun",
    "stepfun": "stepfun",
    "baidu": "baidu",
    "allenai": "allenai",
    "inclusionai": "inclusionai",
    "writer": "writer",
    "twelvelabs": "twelvelabs",
    "perplexity": "perplexity",
    "togethercomputer": "together",
    "huggingfaceh4": "huggingfaceh4",
    "ideogram": "ideogram",
    "recraft": "recraft",
    "bria": "bria",
    # Hugging Face namespaces of creators the catalog names otherwise.
    "jinaai": "jina",
    "voyageai": "voyage",
}

# Namespaces Bedrock and OCI put before a dot (``anthropic.claude-...``, ``cohere.embed-...``).
DOTTED_NAMESPACES = frozenset(
    {
        "anthropic", "amazon", "meta", "cohere", "ai21", "mistral", "stability", "deepseek", "qwen",
        "moonshotai", "moonshot", "minimax", "nvidia", "openai", "google", "xai", "zai", "writer",
        "twelvelabs",
    }
)  # fmt: skip

# Cross-region inference prefixes on Bedrock model ids (``us.``, ``eu.``, ``global.`` ...).
BEDROCK_REGION_PREFIXES = frozenset({"us", "eu", "apac", "au", "jp", "global", "in", "us-gov", "ca"})

# Hosts whose keys name models Hugging Face style: ``host/<namespace>/<model>``.
HF_STYLE_HOSTS = frozenset(
    {
        "deepinfra", "together", "nebius", "novita", "hyperbolic", "nscale", "baseten", "crusoe",
        "gmi", "sail", "wandb", "tensormesh", "friendliai", "featherless", "anyscale", "replicate",
        "inferenceapis", "aiand", "cloudflare", "publicai", "vercel", "perplexity", "watsonx",
        "scaleway", "fireworks", "groq", "bespoke", "nvidia-nim", "vertex-ai",
        "sagemaker", "ollama", "lemonade", "oci",
    }
)  # fmt: skip


def normalize_host(provider: str | None) -> str:
    """Map a LiteLLM ``litellm_provider`` string to a host slug part (``fireworks_ai`` → ``fireworks``)."""
    if not provider:
        return "unknown"
    raw = provider.strip().lower()
    if raw in HOST_ALIASES:
        return HOST_ALIASES[raw]
    if _VERTEX.match(raw):
        return "vertex-ai"
    return slug_part(raw) or "unknown"


def host_creator(host: str) -> str | None:
    """The organization that created the models a host serves, when the host is that creator."""
    return HOST_CREATORS.get(host)


def namespace_org(namespace: str) -> str | None:
    """Canonical organization for a path namespace, or None when the namespace is not known."""
    return NAMESPACE_ORGS.get(namespace.strip().lower())

// Calls the GpoPipeline chat proxy with the official npm `openai` client, once plainly and once streaming,
// and prints one JSON line per call for Proxy_Specs to check. Usage: node client.mjs <baseURL> <apiKey> <task>
import OpenAI from "openai";

const [baseURL, apiKey, task] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const messages = [{ role: "user", content: "Is the sky blue?" }];

const { data: completion, response } = await client.chat.completions.create({ model: `gpo:${task}`, messages }).withResponse();
console.log(JSON.stringify({
  mode: "plain",
  content: completion.choices[0].message.content,
  championVersion: response.headers.get("x-gpo-champion-version"),
}));

const stream = await client.chat.completions.create({ model: `gpo:${task}`, messages, stream: true });
let content = "";
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  content += chunk.choices[0]?.delta?.content ?? "";
}
console.log(JSON.stringify({ mode: "stream", content, chunks }));

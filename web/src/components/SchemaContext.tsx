// The diagram format's JSON Schema, fetched once from the server (GET /api/schema/diagram); a
// server without that route gets the copy generated into the repository at build time.

import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import bundled from '../../../docs/schema/diagram-1.schema.json';
import { api } from '../api/client';
import { type Field, type JsonSchema, formFor, nodeKinds } from '../model/schemaForm';
import { referenceKeys } from '../model/edit';

export interface SchemaInfo { schema: JsonSchema; forms: Map<string, Field[]>; refKeys: Set<string> }

export function schemaInfo(schema: JsonSchema): SchemaInfo {
  const forms = new Map<string, Field[]>();
  for (const k of [...nodeKinds(schema), 'diagram', 'edge']) forms.set(k, formFor(schema, k));
  return { schema, forms, refKeys: referenceKeys([...forms.values()]) };
}

const Ctx = createContext<SchemaInfo>(schemaInfo(bundled as JsonSchema));

export function SchemaProvider({ children }: { children: ReactNode }) {
  const [schema, setSchema] = useState<JsonSchema>(bundled as JsonSchema);
  useEffect(() => {
    api.schema().then((s) => { if (s) setSchema(s as JsonSchema); }).catch(() => { /* keep the bundled copy */ });
  }, []);
  const info = useMemo(() => schemaInfo(schema), [schema]);
  return <Ctx.Provider value={info}>{children}</Ctx.Provider>;
}

export const useSchema = () => useContext(Ctx);

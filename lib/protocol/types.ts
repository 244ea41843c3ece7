// The API's data shapes (service model 2012-10-29), shared by every layer.

/** A field holds either a string or a reference to another object's id, never both. */
export interface Field {
  key: string;
  stringValue?: string;
  refValue?: string;
}

export interface PipelineObject {
  id: string;
  name: string;
  fields: Field[];
}

export interface ParameterAttribute {
  key: string;
  stringValue: string;
}

export interface ParameterObject {
  id: string;
  attributes: ParameterAttribute[];
}

export interface ParameterValue {
  id: string;
  stringValue: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface ValidationError {
  id?: string;
  errors?: string[];
}

export interface ValidationWarning {
  id?: string;
  warnings?: string[];
}

export declare const UNDECODABLE_REST: string;
export declare const UNDECODABLE_PATH: RegExp;

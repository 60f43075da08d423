export const devStackProbe = (): string => "stack";

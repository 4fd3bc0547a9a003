import { DataSource } from 'typeorm';
import { defaultFieldLevel, DERIVED_FIELDS, isLevel, isStructuralType, Level, maxLevel } from '@custodian/schema';

/**
 * Effective field levels: the schema catalogue plus the security officer's run-time overrides
 * (field_policy). Every request reads policy_version with its session, and a changed version
 * reloads the overrides, so an override takes effect on the next request in every process.
 */
export class FieldLevels {
  private overrides = new Map<string, Level>();
  private version = -1;
  private loading: Promise<void> | null = null;

  /** Resolved levels by type and field, filled as they are asked for; emptied when the overrides change. */
  private resolved = new Map<string, Map<string, Level>>();
  /** The same with derived values raised to what they reveal. */
  private derived = new Map<string, Map<string, Level>>();

  get(typeName: string, field: string): Level {
    let ofType = this.resolved.get(typeName);
    if (!ofType) this.resolved.set(typeName, (ofType = new Map()));
    let level = ofType.get(field);
    if (level === undefined) {
      level = this.resolve(typeName, field);
      ofType.set(field, level);
    }
    return level;
  }

  /**
   * The level of a field before its archive applies: its own, or — for a derived value — the highest
   * of its own and of everything it reveals (docs/access.md "Derived values").
   */
  intrinsic(typeName: string, field: string): Level {
    let ofType = this.derived.get(typeName);
    if (!ofType) this.derived.set(typeName, (ofType = new Map()));
    let level = ofType.get(field);
    if (level === undefined) {
      let derived = this.get(typeName, field);
      for (const coordinate of DERIVED_FIELDS[`${typeName}.${field}`] ?? []) {
        const [t, f] = coordinate.split('.');
        derived = maxLevel(derived, this.intrinsic(t, f));
      }
      ofType.set(field, derived);
      level = derived;
    }
    return level;
  }

  private resolve(typeName: string, field: string): Level {
    const override = this.overrides.get(`${typeName}.${field}`);
    if (override) return override;
    const level = defaultFieldLevel(typeName, field);
    if (level) return level;
    // Unlabelled: wrappers are public, anything else is treated as the highest level (deny when unsure).
    return isStructuralType(typeName) || field === '__typename' ? Level.PUBLIC : Level.CLASSIFIED;
  }

  overrideOf(typeName: string, field: string): Level | undefined {
    return this.overrides.get(`${typeName}.${field}`);
  }

  /** Reloads the overrides when the stored policy version differs from the one in memory. */
  async sync(ds: DataSource, version: number): Promise<void> {
    if (version === this.version) return;
    this.loading ??= (async () => {
      const rows: Array<{ type_name: string; field_name: string; level: string }> =
        await ds.query('SELECT type_name, field_name, level FROM field_policy');
      this.overrides = new Map(rows.filter((r) => isLevel(r.level)).map((r) => [`${r.type_name}.${r.field_name}`, r.level as Level]));
      this.resolved = new Map();
      this.derived = new Map();
      this.version = version;
    })().finally(() => { this.loading = null; });
    await this.loading;
  }
}

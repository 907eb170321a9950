import { type AppAbility, type Action, type SubjectName, rulesToAST } from '@eastlake/policy';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder, type WhereExpressionBuilder } from 'typeorm';

interface AstNode {
  operator: string;
  field?: string;
  value: unknown;
}

const COMPARISON: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/**
 * Turns the caller's CASL conditions for `action` on `subject` into a SQL WHERE on
 * `qb`, so list queries return only visible rows without fetching and filtering in
 * memory. Unknown operators throw: a rule the SQL cannot express must not silently
 * widen what a caller sees.
 */
export function whereAbilityAllows<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ability: AppAbility,
  action: Action,
  subject: Exclude<SubjectName, 'all'>,
): SelectQueryBuilder<T> {
  const ast = rulesToAST(ability, action, subject) as AstNode | null;
  const alias = qb.alias;
  let counter = 0;
  const param = () => `ability_${subject}_${counter++}`;

  const build = (node: AstNode, where: WhereExpressionBuilder): void => {
    const children = Array.isArray(node.value) ? (node.value as AstNode[]) : [];
    switch (node.operator) {
      case 'and':
        if (children.length === 0) where.andWhere('1 = 1');
        for (const child of children) where.andWhere(new Brackets((w) => build(child, w)));
        return;
      case 'or':
        if (children.length === 0) where.andWhere('1 = 0');
        where.andWhere(
          new Brackets((w) => {
            for (const child of children) w.orWhere(new Brackets((inner) => build(child, inner)));
          }),
        );
        return;
      case 'not':
        where.andWhere(`NOT (${renderInline(children)})`);
        return;
      case 'in':
      case 'nin': {
        const name = param();
        const values = Array.isArray(node.value) ? node.value : [node.value];
        if (values.length === 0) {
          where.andWhere(node.operator === 'in' ? '1 = 0' : '1 = 1');
          return;
        }
        where.andWhere(`${alias}.${node.field} ${node.operator === 'in' ? 'IN' : 'NOT IN'} (:...${name})`, {
          [name]: values,
        });
        return;
      }
      default: {
        const op = COMPARISON[node.operator];
        if (!op || !node.field) throw new Error(`ability condition "${node.operator}" has no SQL form`);
        if (node.value === null) {
          where.andWhere(`${alias}.${node.field} IS ${node.operator === 'eq' ? '' : 'NOT '}NULL`);
          return;
        }
        const name = param();
        where.andWhere(`${alias}.${node.field} ${op} :${name}`, { [name]: node.value });
      }
    }
  };

  // `not` needs its children rendered with parameters attached to the builder.
  const renderInline = (children: AstNode[]): string => {
    const parts = children.map((child) => {
      const op = COMPARISON[child.operator];
      if (!op || !child.field) throw new Error(`ability condition "${child.operator}" has no SQL form inside "not"`);
      const name = param();
      qb.setParameter(name, child.value);
      return `${alias}.${child.field} ${op} :${name}`;
    });
    return parts.join(' AND ');
  };

  if (!ast) return qb.andWhere('1 = 0');
  return qb.andWhere(new Brackets((w) => build(ast, w)));
}
